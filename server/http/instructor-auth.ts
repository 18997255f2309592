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
}

export function instructorTokens(store: WorkshopStore, configured: string[]): InstructorTokens {
  const fromConfig = new Set(configured.map(tokenHash));
  return {
    check(token) {
      if (token.length < 24 || token.length > 200) return undefined;
      const hash = tokenHash(token);
      return fromConfig.has(hash) || store.hasInstructorToken(hash) ? `i:${hash.slice(0, 12)}` : undefined;
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

export function instructorOf(req: { headers: FastifyRequest['headers'] }, secret: CookieKeys, now: number): string | undefined {
  return verifyInstructor(secret, parseCookies(req.headers.cookie).get(INSTRUCTOR_COOKIE), now);
}

export function requireInstructor(req: FastifyRequest, secret: CookieKeys, now: number): string {
  const who = instructorOf(req, secret, now);
  if (!who) throw new BoxlabError(errorCodes.INSTRUCTOR_ONLY, 'This needs an instructor: sign in at /instructor/ with your instructor token.');
  return who;
}
