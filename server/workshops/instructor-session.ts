/**
 * An instructor's sign-in, kept in a signed cookie: which token signed in (a short prefix of its hash, for the
 * log) and until when. HttpOnly and SameSite=Strict, so no other site can send it; POSTs also pass the Origin
 * check (http/instructor-routes.ts). The current key signs, previous ones still verify (domain/cookie-keys.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signedWith, type CookieKeys, type SignedWith } from '../domain/cookie-keys.ts';

export const INSTRUCTOR_COOKIE = 'boxlab_instructor';
export const INSTRUCTOR_SESSION_MS = 12 * 60 * 60 * 1000;

const mac = (secret: string, value: string) => createHmac('sha256', `instructor:${secret}`).update(value).digest('base64url');

export function signInstructor(keys: CookieKeys, who: string, expiresAt: number): string {
  const value = `${who}.${expiresAt}`;
  return `${value}.${mac(keys.current, value)}`;
}

/** Who signed in, until when, and with which key; undefined when the cookie is missing, forged or expired. */
export function readInstructor(
  keys: CookieKeys,
  cookie: string | undefined,
  now: number,
): { who: string; expiresAt: number; signedWith: SignedWith } | undefined {
  const m = /^([a-z0-9:_-]{1,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
  if (!m) return undefined;
  const given = Buffer.from(m[3]!);
  const by = signedWith(keys, (secret) => {
    const expected = Buffer.from(mac(secret, `${m[1]}.${m[2]}`));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  const expiresAt = Number(m[2]);
  return by && expiresAt > now ? { who: m[1]!, expiresAt, signedWith: by } : undefined;
}

/** Who signed in, or undefined when the cookie is missing, forged or expired. */
export function verifyInstructor(keys: CookieKeys, cookie: string | undefined, now: number): string | undefined {
  return readInstructor(keys, cookie, now)?.who;
}

export function instructorCookieHeader(value: string, secure: boolean, maxAgeS: number): string {
  return `${INSTRUCTOR_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}
