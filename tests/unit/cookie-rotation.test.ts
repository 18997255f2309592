import { describe, expect, it } from 'vitest';
import { renewedCookies } from '../../server/http/cookies.ts';
import { cookieKeys, LEARNER_COOKIE, newLearnerId, readLearner, signLearner, verifyLearner } from '../../server/http/identity.ts';
import { INSTRUCTOR_COOKIE, readInstructor, signInstructor, verifyInstructor } from '../../server/workshops/instructor-session.ts';

const OLD = 'o'.repeat(40);
const OLDER = 'p'.repeat(40);
const NEW = 'n'.repeat(40);
const before = cookieKeys(OLD);
const rotated = cookieKeys(NEW, [OLD, OLDER]);
const NOW = 1_000_000;

/** The value a Set-Cookie header sets for `name`. */
function setValue(headers: string[], name: string): string | undefined {
  const header = headers.find((h) => h.startsWith(`${name}=`));
  return header?.slice(name.length + 1, header.indexOf(';'));
}

describe('cookie keys', () => {
  it('never lists the current secret among the previous ones', () => {
    expect(cookieKeys(NEW, [NEW, OLD])).toEqual({ current: NEW, previous: [OLD] });
  });
});

describe('learner cookie under key rotation', () => {
  const id = newLearnerId();

  it('a cookie signed with a previous key still verifies, and says so', () => {
    const old = signLearner(before, id);
    expect(verifyLearner(rotated, old)).toBe(id);
    expect(readLearner(rotated, old)).toEqual({ id, signedWith: 'previous' });
    expect(readLearner(rotated, signLearner(cookieKeys(OLDER), id))).toEqual({ id, signedWith: 'previous' });
    expect(readLearner(rotated, signLearner(rotated, id))).toEqual({ id, signedWith: 'current' });
  });

  it('signs with the current key only', () => {
    const signed = signLearner(rotated, id);
    expect(verifyLearner(cookieKeys(NEW), signed)).toBe(id);
    expect(verifyLearner(cookieKeys(OLD), signed)).toBeUndefined();
  });

  it('a key that was dropped verifies nothing', () => {
    expect(verifyLearner(cookieKeys(NEW), signLearner(before, id))).toBeUndefined();
    expect(verifyLearner(rotated, signLearner(cookieKeys('z'.repeat(40)), id))).toBeUndefined();
  });

  it('is signed again with the new key, same id, when an old key verified it', () => {
    const headers = renewedCookies(rotated, `${LEARNER_COOKIE}=${signLearner(before, id)}`, NOW, true);
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatch(/HttpOnly; SameSite=Lax; Secure$/);
    const value = setValue(headers, LEARNER_COOKIE);
    expect(readLearner(cookieKeys(NEW), value)).toEqual({ id, signedWith: 'current' });
  });

  it('is left alone when the current key signed it; a visitor without one (or with a forged one) gets a new id', () => {
    expect(renewedCookies(rotated, `${LEARNER_COOKIE}=${signLearner(rotated, id)}`, NOW, false)).toEqual([]);
    for (const header of [undefined, `${LEARNER_COOKIE}=${id}.forged`]) {
      const value = setValue(renewedCookies(rotated, header, NOW, false), LEARNER_COOKIE);
      const fresh = readLearner(rotated, value);
      expect(fresh?.signedWith).toBe('current');
      expect(fresh?.id).not.toBe(id);
    }
  });
});

describe('instructor cookie under key rotation', () => {
  const expiresAt = NOW + 3_600_000;

  it('a cookie signed with a previous key still verifies until it expires', () => {
    const old = signInstructor(before, 'i:abc', expiresAt);
    expect(verifyInstructor(rotated, old, NOW)).toBe('i:abc');
    expect(readInstructor(rotated, old, NOW)?.signedWith).toBe('previous');
    expect(verifyInstructor(rotated, old, expiresAt)).toBeUndefined();
    expect(verifyInstructor(cookieKeys(NEW), old, NOW)).toBeUndefined();
  });

  it('is signed again with the new key, same sign-in and expiry, the cookie living as long as it has left', () => {
    const learner = signLearner(rotated, newLearnerId());
    const header = `${LEARNER_COOKIE}=${learner}; ${INSTRUCTOR_COOKIE}=${signInstructor(before, 'i:abc', expiresAt)}`;
    const headers = renewedCookies(rotated, header, NOW, false);
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatch(/SameSite=Strict; Max-Age=3600$/);
    const renewed = readInstructor(cookieKeys(NEW), setValue(headers, INSTRUCTOR_COOKIE), NOW);
    expect(renewed).toEqual({ who: 'i:abc', expiresAt, signedWith: 'current' });
  });

  it('an instructor cookie of the current key, or an expired or forged one, is not re-issued', () => {
    const learner = `${LEARNER_COOKIE}=${signLearner(rotated, newLearnerId())}`;
    for (const instructor of [signInstructor(rotated, 'i:abc', expiresAt), signInstructor(before, 'i:abc', NOW - 1), `i:abc.${expiresAt}.${'A'.repeat(43)}`]) {
      expect(renewedCookies(rotated, `${learner}; ${INSTRUCTOR_COOKIE}=${instructor}`, NOW, false)).toEqual([]);
    }
  });
});
