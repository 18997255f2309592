/**
 * Instructor access without accounts: a token (printed once at the first start and stored hashed, or configured)
 * exchanged at sign-in for a signed session cookie. Every instructor route asks `requireInstructor`.
 */
import type { FastifyRequest } from 'fastify';
import { errorCodes } from '../contracts/errors.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import type { WorkshopStore } from '../store/workshop-store.ts';
import { INSTRUCTOR_COOKIE, verifyInstructor } from '../workshops/instructor-session.ts';
import { newInstructorToken, tokenHash } from '../workshops/secrets.ts';
import { parseCookies } from './identity.ts';

export interface InstructorTokens {
  /** Who this token signs in as (a short prefix of its hash), or undefined when it is no instructor's token. */
  check(token: string): string | undefined;
  /** Whether a session signed in as `who` still stands: a token session ends when its token is removed. */
  stillHeld(who: string): boolean;
}

const TOKEN_WHO = /^i:([0-9a-f]{12})$/;

export function instructorTokens(store: WorkshopStore, configured: string[]): InstructorTokens {
  const fromConfig = new Set(configured.map(tokenHash));
  return {
    check(token) {
      if (token.length < 24 || token.length > 200) return undefined;
      const hash = tokenHash(token);
      return fromConfig.has(hash) || store.hasInstructorToken(hash) ? `i:${hash.slice(0, 12)}` : undefined;
    },
    stillHeld(who) {
      const prefix = TOKEN_WHO.exec(who)?.[1];
      // Sessions of an OpenID Connect sign-in were checked against BOXLAB_OIDC_INSTRUCTORS when they began.
      if (prefix === undefined) return true;
      return [...fromConfig].some((h) => h.startsWith(prefix)) || store.hasInstructorTokenPrefix(prefix);
    },
  };
}

/**
 * At the first start, when no instructor token exists anywhere, make one and return it to be printed once: only
 * its hash is kept, so it cannot be shown again (a new one can be made by emptying the table, see
 * docs/instructors.md).
 */
export function firstInstructorToken(store: WorkshopStore, configured: string[], now: number): string | undefined {
  if (configured.length > 0 || store.instructorTokenCount() > 0) return undefined;
  const token = newInstructorToken();
  store.addInstructorToken(tokenHash(token), 'printed at first start', now);
  return token;
}

export function instructorOf(req: { headers: FastifyRequest['headers'] }, secret: CookieKeys, now: number, tokens: InstructorTokens): string | undefined {
  const who = verifyInstructor(secret, parseCookies(req.headers.cookie).get(INSTRUCTOR_COOKIE), now);
  return who !== undefined && tokens.stillHeld(who) ? who : undefined;
}

export function requireInstructor(req: FastifyRequest, secret: CookieKeys, now: number, tokens: InstructorTokens): string {
  const who = instructorOf(req, secret, now, tokens);
  if (!who) throw new BoxlabError(errorCodes.INSTRUCTOR_ONLY, 'This needs an instructor: sign in at /instructor/ with your instructor token.');
  return who;
}
