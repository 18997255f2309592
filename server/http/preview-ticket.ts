/**
 * Preview tickets: a preview page has an opaque origin, so the requests it makes (images, scripts, fetch,
 * WebSockets) are cross-site and never carry the learner's SameSite=Lax cookie. A top-level visit with the cookie is
 * therefore sent on to an address that carries a ticket in its first segment, `/preview/<key>-<ticket>/<port>/…`:
 * relative URLs in the page keep it, and the app in the sandbox never sees it (the proxy strips it with the rest
 * of the prefix). A ticket is an HMAC (the cookie keys, domain-separated) over learner, lesson key and expiry, so
 * it opens that learner's sandbox for that key only, until it expires. Pure: the clock is the caller's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signedWith, type CookieKeys } from '../domain/cookie-keys.ts';

/** How long a ticket opens its preview. A page open longer is reopened from the lesson (a new ticket). */
export const PREVIEW_TICKET_MS = 8 * 60 * 60_000;

/** `<learner id>.<expiry, base 36 ms>.<mac>`: path-safe (hex, '-', base36, base64url). */
export const TICKET_PATTERN = '[0-9a-f-]{36}\\.[0-9a-z]{1,12}\\.[A-Za-z0-9_-]{43}';
const TICKET = new RegExp(`^(${'[0-9a-f-]{36}'})\\.([0-9a-z]{1,12})\\.([A-Za-z0-9_-]{43})$`);

function mac(secret: string, learner: string, key: string, expires: number): string {
  // A prefix no learner cookie's MAC input has (that is a bare id): a cookie's MAC is never a valid ticket.
  return createHmac('sha256', secret).update(`boxlab-preview-ticket\n${learner}\n${key}\n${expires}`).digest('base64url');
}

export function signTicket(keys: CookieKeys, learner: string, key: string, now: number): string {
  const expires = now + PREVIEW_TICKET_MS;
  return `${learner}.${expires.toString(36)}.${mac(keys.current, learner, key, expires)}`;
}

/** The learner a ticket was given to, if it is well formed, signed by one of the keys for this key, and not expired. */
export function verifyTicket(keys: CookieKeys, ticket: string, key: string, now: number): string | undefined {
  const m = TICKET.exec(ticket);
  if (!m) return undefined;
  const [, learner, exp, given] = m as unknown as [string, string, string, string];
  const expires = parseInt(exp, 36);
  if (!Number.isSafeInteger(expires) || expires <= now) return undefined;
  const givenBytes = Buffer.from(given);
  const ok = signedWith(keys, (secret) => {
    const expected = Buffer.from(mac(secret, learner, key, expires));
    return expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes);
  });
  return ok ? learner : undefined;
}

/** When a well-formed ticket expires (ms), for a cookie that holds it; undefined when it is not one. */
export function ticketExpires(ticket: string): number | undefined {
  const m = TICKET.exec(ticket);
  return m ? parseInt(m[2]!, 36) : undefined;
}
