/**
 * An instructor's sign-in, kept in a signed cookie: which token signed in (a short prefix of its hash, for the
 * log) and until when. HttpOnly and SameSite=Strict, so no other site can send it; POSTs also pass the Origin
 * check (http/instructor-routes.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const INSTRUCTOR_COOKIE = 'boxlab_instructor';
export const INSTRUCTOR_SESSION_MS = 12 * 60 * 60 * 1000;

const mac = (secret: string, value: string) => createHmac('sha256', `instructor:${secret}`).update(value).digest('base64url');

export function signInstructor(secret: string, who: string, expiresAt: number): string {
  const value = `${who}.${expiresAt}`;
  return `${value}.${mac(secret, value)}`;
}

/** Who signed in, or undefined when the cookie is missing, forged or expired. */
export function verifyInstructor(secret: string, cookie: string | undefined, now: number): string | undefined {
  const m = /^([a-z0-9:_-]{1,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
  if (!m) return undefined;
  const given = Buffer.from(m[3]!);
  const expected = Buffer.from(mac(secret, `${m[1]}.${m[2]}`));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Number(m[2]) > now ? m[1] : undefined;
}

export function instructorCookieHeader(value: string, secure: boolean, maxAgeS: number): string {
  return `${INSTRUCTOR_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}
