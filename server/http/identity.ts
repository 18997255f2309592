/**
 * Learner identity without accounts: a random id in a signed, HttpOnly cookie issued on first visit.
 * The signature (HMAC-SHA256) means a learner cannot pick another learner's id. The current key signs; previous
 * keys still verify (domain/cookie-keys.ts), and http/cookies.ts signs such a cookie again.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { signedWith, type CookieKeys, type SignedWith } from '../domain/cookie-keys.ts';

export { cookieKeys, type CookieKeys } from '../domain/cookie-keys.ts';

export const LEARNER_COOKIE = 'boxlab_learner';
const ID = /^[0-9a-f-]{36}$/;

export const newLearnerId = (): string => randomUUID();

function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function signLearner(keys: CookieKeys, id: string): string {
  return `${id}.${mac(keys.current, id)}`;
}

/** The learner id inside a cookie value and which key signed it, or undefined if it is malformed or forged. */
export function readLearner(keys: CookieKeys, cookieValue: string | undefined): { id: string; signedWith: SignedWith } | undefined {
  if (!cookieValue) return undefined;
  const dot = cookieValue.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = cookieValue.slice(0, dot);
  if (!ID.test(id)) return undefined;
  const given = Buffer.from(cookieValue.slice(dot + 1));
  const by = signedWith(keys, (secret) => {
    const expected = Buffer.from(mac(secret, id));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return by && { id, signedWith: by };
}

/** The learner id inside a cookie value, or undefined if it is malformed or its signature is no key's. */
export function verifyLearner(keys: CookieKeys, cookieValue: string | undefined): string | undefined {
  return readLearner(keys, cookieValue)?.id;
}

/** Parse a Cookie header into name → value (first one wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        // A malformed cookie is treated as absent.
      }
    }
  }
  return out;
}

export function learnerCookieHeader(value: string, secure: boolean): string {
  const oneYear = 365 * 24 * 60 * 60;
  return `${LEARNER_COOKIE}=${value}; Path=/; Max-Age=${oneYear}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
