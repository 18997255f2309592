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
