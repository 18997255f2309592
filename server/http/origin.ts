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
