/**
 * The secrets cookies are signed with, for key rotation: the current one signs, the current and the previous ones
 * verify, and a cookie a previous one signed is signed again with the current one (http/cookies.ts). Changing
 * BOXLAB_SECRET then cuts nobody off. Pure: the MAC is the caller's.
 */
export interface CookieKeys {
  /** Signs every cookie issued from now on. */
  readonly current: string;
  /** Still verify cookies they signed (BOXLAB_SECRET_PREVIOUS), newest first. */
  readonly previous: readonly string[];
}

/** Which key a signature was made with: the current one, or a previous one (then the cookie is signed again). */
export type SignedWith = 'current' | 'previous';

export function cookieKeys(current: string, previous: readonly string[] = []): CookieKeys {
  return { current, previous: previous.filter((p) => p !== current) };
}

/** The first key, current first, whose signature `verifies` accepts; undefined when none does. */
export function signedWith(keys: CookieKeys, verifies: (secret: string) => boolean): SignedWith | undefined {
  if (verifies(keys.current)) return 'current';
  return keys.previous.some(verifies) ? 'previous' : undefined;
}
