/**
 * The cookies any request may be answered with: a learner id on the first visit (before any page asks for a
 * terminal), and the learner's or instructor's cookie signed again with the current key when a previous key signed
 * it (key rotation: domain/cookie-keys.ts). The WebSocket upgrade and the preview only verify: every page load
 * passes here first.
 */
import type { FastifyInstance } from 'fastify';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { instructorCookieHeader, INSTRUCTOR_COOKIE, readInstructor, signInstructor } from '../workshops/instructor-session.ts';
import { learnerCookieHeader, LEARNER_COOKIE, newLearnerId, parseCookies, readLearner, signLearner } from './identity.ts';

/** The Set-Cookie headers a request with these cookies gets (none when both are fine as they are). */
export function renewedCookies(keys: CookieKeys, cookieHeader: string | undefined, now: number, secure: boolean): string[] {
  const cookies = parseCookies(cookieHeader);
  const out: string[] = [];
  const learner = readLearner(keys, cookies.get(LEARNER_COOKIE));
  if (!learner) out.push(learnerCookieHeader(signLearner(keys, newLearnerId()), secure));
  else if (learner.signedWith === 'previous') out.push(learnerCookieHeader(signLearner(keys, learner.id), secure));
  const instructor = readInstructor(keys, cookies.get(INSTRUCTOR_COOKIE), now);
  if (instructor?.signedWith === 'previous') {
    // The same sign-in, until the same time: only the key changes.
    const maxAgeS = Math.max(1, Math.floor((instructor.expiresAt - now) / 1000));
    out.push(instructorCookieHeader(signInstructor(keys, instructor.who, instructor.expiresAt), secure, maxAgeS));
  }
  return out;
}

export function registerCookies(app: FastifyInstance, keys: CookieKeys, secure: boolean, now: () => number): void {
  app.addHook('onRequest', async (req, reply) => {
    for (const header of renewedCookies(keys, req.headers.cookie, now(), secure)) reply.header('set-cookie', header);
  });
}
