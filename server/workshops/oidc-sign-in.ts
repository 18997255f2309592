/**
 * The pure half of instructor sign-in with an OpenID Connect provider (the I/O is http/instructor-oidc.ts): the
 * short-lived signed cookie that carries state, nonce and PKCE verifier from the login redirect to the callback,
 * who may be an instructor (BOXLAB_OIDC_INSTRUCTORS), and the name the instructor session gets.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { signedWith, type CookieKeys } from '../domain/cookie-keys.ts';

export const OIDC_STATE_COOKIE = 'boxlab_oidc';
/** How long a sign-in at the provider may take before the callback is refused as expired. */
export const OIDC_STATE_MS = 10 * 60 * 1000;
/** The state cookie is only sent to the callback (and cleared by it). */
export const OIDC_COOKIE_PATH = '/api/instructor/oidc';

export interface OidcPending {
  state: string;
  nonce: string;
  /** The PKCE code verifier (the provider got its S256 challenge). */
  verifier: string;
}

const mac = (secret: string, value: string) => createHmac('sha256', `oidc-state:${secret}`).update(value).digest('base64url');
const token = /^[A-Za-z0-9_-]{16,128}$/;

export function signOidcPending(keys: CookieKeys, pending: OidcPending, expiresAt: number): string {
  const value = `${pending.state}.${pending.nonce}.${pending.verifier}.${expiresAt}`;
  return `${value}.${mac(keys.current, value)}`;
}

/**
 * What the login redirect kept; 'expired' when it was signed by us but is too old; undefined when missing or forged.
 */
export function readOidcPending(keys: CookieKeys, cookie: string | undefined, now: number): OidcPending | 'expired' | undefined {
  const parts = (cookie ?? '').split('.');
  if (parts.length !== 5) return undefined;
  const [state, nonce, verifier, expires, signature] = parts as [string, string, string, string, string];
  if (![state, nonce, verifier].every((p) => token.test(p)) || !/^\d{1,16}$/.test(expires)) return undefined;
  const given = Buffer.from(signature);
  const value = `${state}.${nonce}.${verifier}.${expires}`;
  const by = signedWith(keys, (secret) => {
    const expected = Buffer.from(mac(secret, value));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!by) return undefined;
  return Number(expires) > now ? { state, nonce, verifier } : 'expired';
}

/** SameSite=Lax: the provider's redirect back is a top-level navigation from another site, which Strict would drop. */
export function oidcPendingCookieHeader(value: string, secure: boolean, maxAgeS: number): string {
  return `${OIDC_STATE_COOKIE}=${value}; Path=${OIDC_COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

export interface OidcIdentity {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
}

/**
 * Whether this identity is on the instructor list: an entry with an @ matches a verified email (case does not
 * matter), any other entry the subject exactly. An unverified email matches nothing: anyone may type any address
 * at some providers.
 */
export function isListedInstructor(list: readonly string[], who: OidcIdentity): boolean {
  const email = typeof who.email === 'string' && who.email_verified === true ? who.email.toLowerCase() : undefined;
  return list.some((entry) => (entry.includes('@') ? email !== undefined && entry.toLowerCase() === email : entry === who.sub));
}

/** The instructor session's name: `i:oidc:` and a hash of issuer and subject (no address in logs or cookies). */
export function oidcInstructorName(issuer: string, sub: string): string {
  return `i:oidc:${createHash('sha256').update(`${issuer}\n${sub}`).digest('hex').slice(0, 12)}`;
}
