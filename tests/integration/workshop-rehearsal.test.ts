/**
 * Rehearsing a workshop's start against the real engine, through the instructor API: a few simulated learners
 * get real sandboxes and shells, type, and are measured; the answer has the figures and the verdict, and no
 * rehearsal sandbox is left. A second rehearsal while one runs is refused, and so are bad sizes and strangers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopUrls, type WorkshopSummary } from '../../server/contracts/workshop.ts';
import type { RehearsalResult, RehearsalStatus } from '../../server/workshops/rehearsal.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie } from '../helpers/terminal-client.ts';

const TOKEN = 'instructor-token-for-rehearsal-tests-0123';
const LESSON = 'fixtures/checks';
const MAX_SANDBOXES = 6;

let box: RunningBoxlab;
let instructor: string;
let workshop: WorkshopSummary;

async function call(method: string, url: string, cookie: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { cookie, origin: box.baseUrl };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${box.baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_INSTRUCTOR_TOKENS: TOKEN, BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_SANDBOXES: String(MAX_SANDBOXES) });
  const learner = await newLearnerCookie(box.baseUrl);
  const login = await fetch(`${box.baseUrl}${workshopUrls.instructorLogin}`, {
    method: 'POST',
    headers: { cookie: learner, origin: box.baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ token: TOKEN }),
  });
  expect(login.status).toBe(200);
  instructor = `${learner}; ${login.headers.get('set-cookie')!.split(';')[0]}`;
  const now = Date.now();
  const created = await call('POST', workshopUrls.workshops, instructor, { title: 'Rehearsed', lessons: [LESSON], capacity: 3, startsAt: now + 3_600_000, endsAt: now + 7_200_000, prewarmShare: 0 });
  expect(created.status).toBe(201);
  workshop = created.body as WorkshopSummary;
});
afterAll(async () => {
  await box?.destroy();
});

describe('rehearsing a workshop', () => {
  it('simulates three learners on real sandboxes, answers with the figures, and leaves no rehearsal sandbox', async () => {
    const url = workshopUrls.rehearse(workshop.id);
    const running = call('POST', url, instructor, { learners: 3 });
    // While it runs: its progress can be read, and a second one is refused.
    await eventually(async () => ((await call('GET', url, instructor)).body as RehearsalStatus).state === 'running', 'the rehearsal to be running', 20_000);
    const second = await call('POST', url, instructor, { learners: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('rehearsal_busy');
    expect(second.body.error.message).toMatch(/rehearsal of 3 learners is running/);

    const answer = await running;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const result = answer.body as RehearsalResult;
    expect(result).toMatchObject({ workshop: workshop.id, lesson: LESSON, profile: 'shell', learners: 3, failures: 0, removed: 3 });
    expect(result.ttfpMs.n).toBe(3);
    expect(result.ttfpMs.p99).toBeGreaterThan(0);
    expect(result.ttfpMs.p99).toBeLessThan(60_000);
    expect(result.echoMs.n).toBeGreaterThanOrEqual(3 * 20);
    expect(result.memoryMb.before).toBeGreaterThan(0);
    expect(result.memoryMb.lowest).toBeLessThanOrEqual(result.memoryMb.before);
    expect(result.serverRssMb.peak).toBeGreaterThan(0);
    expect(result.verdict.ttfpTargetMs).toBe(1000);
    expect(result.verdict.poolSize).toBeGreaterThanOrEqual(0);
    expect(result.verdict.poolSize).toBeLessThanOrEqual(3);
    expect(result.verdict.advice).toMatch(/pre-warm/i);

    // Nothing of the rehearsal is left: no sandbox in the engine, none in the server's books, no member added.
    expect(await box.containers()).toEqual([]);
    expect(box.boxlab.manager.size).toBe(0);
    expect((await call('GET', workshopUrls.workshop(workshop.id), instructor)).body.members).toBe(0);
    expect(((await call('GET', url, instructor)).body as RehearsalStatus).state).toBe('done');
  });

  it('refuses sizes it cannot rehearse, and anyone but an instructor', async () => {
    const url = workshopUrls.rehearse(workshop.id);
    expect((await call('POST', url, instructor, { learners: 0 })).status).toBe(400);
    expect((await call('POST', url, instructor, { learners: 151 })).status).toBe(400);
    const tooMany = await call('POST', url, instructor, { learners: MAX_SANDBOXES + 1 });
    expect(tooMany.status).toBe(503);
    expect(tooMany.body.error.message).toMatch(new RegExp(`room for ${MAX_SANDBOXES} more`));
    const learner = await newLearnerCookie(box.baseUrl);
    expect((await call('POST', url, learner, { learners: 1 })).status).toBe(401);
    expect((await call('GET', url, learner)).status).toBe(401);
    expect((await call('POST', workshopUrls.rehearse('no-such-workshop'), instructor, { learners: 1 })).status).toBe(404);
  });
});
