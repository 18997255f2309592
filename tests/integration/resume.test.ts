/**
 * Progress that travels, through the HTTP API with a real engine: a code made in one "browser" (cookie) redeemed in
 * another gives it the same learner (progress and sandbox); refusals for a malformed, wrong or revoked code and a
 * foreign Origin; redeeming is rate-limited per address on failures only; deleting one's data removes progress,
 * workshop membership, the code and the sandbox, and clears the cookie.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { visitUrl } from '../../server/contracts/api.ts';
import { normalizeResumeCode, resumeUrls } from '../../server/contracts/resume.ts';
import { hashResumeCode } from '../../server/http/resume-code.ts';
import { LEARNER_COOKIE } from '../../server/http/identity.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { call as callApi } from '../helpers/http-api.ts';
import { newLearnerCookie } from '../helpers/terminal-client.ts';

const LESSON = 'fixtures/checks';
const WRONG_TRIES = 3;
let box: RunningBoxlab;
const call = (method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) => callApi(box.baseUrl, method, url, cookie, body, headers);
const learnerOf = (cookie: string) => cookie.split('=')[1]!.split('.')[0]!;
/** The learner cookie a response sets, as a Cookie header ('' when it clears it). */
const cookieSet = (headers: Headers) => {
  const mine = headers.getSetCookie().filter((h) => h.startsWith(`${LEARNER_COOKIE}=`));
  expect(mine).toHaveLength(1);
  return mine[0]!.split(';')[0]!;
};

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_JOIN_PER_MIN_PER_IP: String(WRONG_TRIES) });
});
afterAll(async () => {
  await box?.destroy();
});

it('carries a learner to another browser: the same progress and the same sandbox', async () => {
  const first = await newLearnerCookie(box.baseUrl);
  expect((await call('POST', visitUrl(LESSON), first)).status).toBe(204);
  const sandbox = await box.boxlab.manager.acquire(learnerOf(first), LESSON, 'shell');
  expect((await call('GET', resumeUrls.mine, first)).body).toEqual({ createdAt: null });
  const made = await call('POST', resumeUrls.mine, first, {});
  expect(made.status).toBe(200);
  expect(made.body.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  expect((await call('GET', resumeUrls.mine, first)).body.createdAt).toBe(made.body.createdAt);

  const second = await newLearnerCookie(box.baseUrl);
  expect(learnerOf(second)).not.toBe(learnerOf(first));
  // Typed as a person might: lower case, spaces for dashes.
  const redeemed = await call('POST', resumeUrls.redeem, second, { code: made.body.code.toLowerCase().replaceAll('-', ' ') });
  expect(redeemed.status).toBe(200);
  expect(redeemed.body).toEqual({ lessons: 1 });
  const resumed = cookieSet(redeemed.headers);
  expect(learnerOf(resumed)).toBe(learnerOf(first));
  expect((await call('GET', '/api/progress', resumed)).body.lastLesson).toBe(LESSON);
  expect(box.boxlab.manager.find(learnerOf(resumed), LESSON)?.id).toBe(sandbox.id);
  // A browser with no cookie at all gets only the resumed one (not a fresh first-visit cookie beside it).
  const bare = await fetch(`${box.baseUrl}${resumeUrls.redeem}`, {
    method: 'POST',
    headers: { origin: box.baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ code: made.body.code }),
  });
  expect(bare.status).toBe(200);
  expect(learnerOf(cookieSet(bare.headers))).toBe(learnerOf(first));
});

it('refuses malformed, revoked and foreign redeems with a sentence, and rate-limits wrong codes per address', async () => {
  const cookie = await newLearnerCookie(box.baseUrl);
  const old = (await call('POST', resumeUrls.mine, cookie, {})).body.code as string;
  const current = (await call('POST', resumeUrls.mine, cookie, {})).body.code as string;
  expect(current).not.toBe(old);

  const malformed = await call('POST', resumeUrls.redeem, cookie, { code: 'ABCD-EFGH-IJKL-MNOP' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.message).toMatch(/16 letters and digits/);
  expect((await call('POST', resumeUrls.redeem, cookie, {})).status).toBe(400);
  const foreign = await call('POST', resumeUrls.redeem, cookie, { code: current }, { origin: 'https://evil.example' });
  expect(foreign.status).toBe(403);

  // Each address gets WRONG_TRIES wrong codes; malformed ones and good ones cost nothing.
  const revoked = await call('POST', resumeUrls.redeem, cookie, { code: old });
  expect(revoked.status).toBe(404);
  expect(revoked.body.error).toMatchObject({ code: 'resume_code_unknown', message: expect.stringMatching(/not \(or no longer\) valid/) });
  expect((await call('POST', resumeUrls.redeem, cookie, { code: current })).status).toBe(200);
  for (let i = 1; i < WRONG_TRIES; i++) expect((await call('POST', resumeUrls.redeem, cookie, { code: 'AAAA-AAAA-AAAA-AAAA' })).status).toBe(404);
  const limited = await call('POST', resumeUrls.redeem, cookie, { code: current });
  expect(limited.status).toBe(429);
  expect(limited.body.error.message).toMatch(/Too many wrong resume codes/);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another address (behind no trusted proxy the header is ignored, so this is the same address): still limited.
  expect((await call('POST', resumeUrls.redeem, cookie, { code: current }, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
});

it('deletes a learner\'s data after the confirm words: progress, membership, code, sandbox; the cookie is cleared', async () => {
  const cookie = await newLearnerCookie(box.baseUrl);
  const learner = learnerOf(cookie);
  expect((await call('POST', visitUrl(LESSON), cookie)).status).toBe(204);
  const code = (await call('POST', resumeUrls.mine, cookie, {})).body.code as string;
  const sandbox = await box.boxlab.manager.acquire(learner, LESSON, 'shell');
  box.boxlab.store.createWorkshop({
    id: 'w-delete', code: 'DELETE', title: 'W', lessons: [LESSON], capacity: 5, startsAt: 0, endsAt: Date.now() + 3_600_000, sandboxMinutes: 30,
    passwordHash: undefined, prewarmShare: 0, endedAt: undefined, createdBy: 'test', createdAt: 0,
  });
  box.boxlab.store.addMember({ workshop: 'w-delete', member: 'm1', learner, name: 'Dana', joinedAt: 1 });

  const unconfirmed = await call('POST', resumeUrls.deleteMine, cookie, { confirm: 'yes' });
  expect(unconfirmed.status).toBe(400);
  expect(unconfirmed.body.error.message).toMatch(/delete my data/);
  expect((await call('POST', resumeUrls.deleteMine, cookie, { confirm: 'delete my data' }, { origin: 'https://evil.example' })).status).toBe(403);
  expect((await call('GET', '/api/progress', cookie)).body.lastLesson).toBe(LESSON);

  const deleted = await call('POST', resumeUrls.deleteMine, cookie, { confirm: 'delete my data' });
  expect(deleted.status).toBe(200);
  expect(deleted.body).toEqual({ removedSandboxes: 1 });
  expect(deleted.headers.getSetCookie().find((h) => h.startsWith(`${LEARNER_COOKIE}=`))).toMatch(/^boxlab_learner=; .*Max-Age=0/);
  expect((await call('GET', '/api/progress', cookie)).body).toEqual({ lessons: {} });
  expect(box.boxlab.store.members('w-delete')).toEqual([]);
  expect(box.boxlab.manager.find(learner, LESSON)).toBeUndefined();
  expect((await box.containers()).map((c) => c.id)).not.toContain(sandbox.id);
  // The code is gone with the rest (this address is rate-limited by the test before, so ask the store).
  expect(box.boxlab.store.learnerOfResumeCode(hashResumeCode(normalizeResumeCode(code)))).toBeUndefined();
});
