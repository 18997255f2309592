/**
 * Cross-site WebSocket hijacking guard: browsers always send Origin, and a page from another site must
 * never drive a learner's shell. Pure.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (!origin || origin === 'null') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowList.includes(parsed.origin)) return true;
  // The site's own origin: the page was served from the same host the socket is opened to.
  return host !== undefined && parsed.host === host.toLowerCase() && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

/**
 * The address a request came from, for per-address limits. Behind the operator's own proxy (`trustProxy`) it is
 * the rightmost `X-Forwarded-For` entry, the one that proxy appended: entries left of it are whatever the client
 * sent, and taking one would give every request a limit of its own. Pure.
 */
export function clientAddress(forwardedFor: string | string[] | undefined, remote: string | undefined, trustProxy: boolean): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const forwarded = trustProxy && header ? header.split(',').at(-1)?.trim() : undefined;
  return forwarded || remote || 'unknown';
}
