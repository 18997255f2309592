/**
 * Learner identity without accounts: a random id in a signed, HttpOnly cookie issued on first visit.
 * The signature (HMAC-SHA256) means a learner cannot pick another learner's id.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const LEARNER_COOKIE = 'boxlab_learner';
const ID = /^[0-9a-f-]{36}$/;

export const newLearnerId = (): string => randomUUID();

function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function signLearner(secret: string, id: string): string {
  return `${id}.${mac(secret, id)}`;
}

/** The learner id inside a cookie value, or undefined if it is malformed or its signature is wrong. */
export function verifyLearner(secret: string, cookieValue: string | undefined): string | undefined {
  if (!cookieValue) return undefined;
  const dot = cookieValue.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = cookieValue.slice(0, dot);
  if (!ID.test(id)) return undefined;
  const given = Buffer.from(cookieValue.slice(dot + 1));
  const expected = Buffer.from(mac(secret, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
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
