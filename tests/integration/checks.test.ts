/**
 * Exercise checks against the real engine: the check script runs in the learner's own sandbox, the
 * outcome (pass, fail, timeout, broken) reaches the learner as JSON with a clear message, and the lesson's
 * setup ran before the learner's first shell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, resetUrl, type CheckResponse } from '../../server/contracts/api.ts';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { readManifest } from '../../server/manifest-file.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { TEST_SITE_DIR } from '../helpers/site.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const CASES = 'cases/checks';
const withCases = (m: LessonManifest): LessonManifest => ({
  ...m,
  lessons: [
    ...m.lessons,
    {
      id: CASES,
      title: 'Check outcomes',
      profile: 'shell',
      dir: 'tests/fixtures/check-cases',
      exercises: ['pass', 'fail', 'slow', 'syntax', 'missing-command', 'missing-file'].map((id) => ({
        id,
        title: id,
        check: id === 'missing-file' ? 'checks/not-there.sh' : `checks/${id}.sh`,
        solve: 'checks/pass.sh',
      })),
    },
  ],
});

let box: RunningBoxlab;
const terminals: TestTerminal[] = [];

const learnerOf = (cookie: string) => cookie.split('=')[1]!.split('.')[0]!;
async function post(url: string, cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${box.baseUrl}${url}`, { method: 'POST', headers: { cookie, ...headers } });
  return { status: res.status, body: await res.json().catch(() => undefined), headers: res.headers };
}
const check = (cookie: string, lesson: string, exercise: string) => post(checkUrl(lesson, exercise), cookie);
/** A learner whose sandbox for `lesson` exists (as if they had opened its page). */
async function learnerWithSandbox(lesson: string): Promise<{ cookie: string; sandboxId: string }> {
  const cookie = await newLearnerCookie(box.baseUrl);
  const sandbox = await box.boxlab.manager.acquire(learnerOf(cookie), lesson, 'shell');
  return { cookie, sandboxId: sandbox.id };
}

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_CHECK_TIMEOUT_S: '2' }, undefined, withCases(readManifest(TEST_SITE_DIR)));
});
afterAll(async () => {
  await Promise.all(terminals.map((t) => t.close()));
  await box.destroy();
});

describe('POST /api/lessons/:lesson/exercises/:exercise/check', () => {
  it('runs a passing check as the learner in their home folder and records the pass', async () => {
    const { cookie } = await learnerWithSandbox(CASES);
    const res = await check(cookie, CASES, 'pass');
    expect(res.status).toBe(200);
    const body = res.body as CheckResponse;
    expect(body).toMatchObject({ lesson: CASES, exercise: 'pass', status: 'passed', passed: true });
    expect(body.message).toBe('all good: learner in /home/learner');
    console.log(`check latency (pass, warm sandbox): ${body.durationMs} ms`);
    const progress = await (await fetch(`${box.baseUrl}/api/progress`, { headers: { cookie } })).json();
    expect(progress.lessons[CASES].passed).toEqual(['pass']);
  });

  it("reports a failing check with the script's output as the message", async () => {
    const { cookie } = await learnerWithSandbox(CASES);
    const res = await check(cookie, CASES, 'fail');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', passed: false, message: 'not yet: make ~/x' });
  });

  it('stops a check that runs past the timeout and says so', async () => {
    const { cookie } = await learnerWithSandbox(CASES);
    const res = await check(cookie, CASES, 'slow');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'timeout', passed: false });
    expect(res.body.message).toMatch(/did not finish within 2 s/);
  });

  it('calls a broken check broken, not the learner wrong', async () => {
    const { cookie } = await learnerWithSandbox(CASES);
    for (const exercise of ['syntax', 'missing-command', 'missing-file']) {
      const res = await check(cookie, CASES, exercise);
      expect(res.status, exercise).toBe(200);
      expect(res.body, exercise).toMatchObject({ status: 'broken', passed: false });
      expect(res.body.message, exercise).toMatch(/not your fault/);
    }
  });

  it('answers 409 no_sandbox when the learner has no sandbox for the lesson', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    const res = await check(cookie, CASES, 'pass');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_sandbox');
    expect(res.body.error.message).toMatch(/Open the terminal/);
  });

  it('refuses unknown exercises, bad ids, missing cookies and foreign origins with coded errors', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    expect((await check(cookie, CASES, 'nope')).body.error.code).toBe('unknown_exercise');
    expect((await check(cookie, 'no/such-lesson', 'pass')).body.error.code).toBe('unknown_lesson');
    const bad = await check(cookie, CASES, 'BAD_ID');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_message');
    expect((await check('', CASES, 'pass')).status).toBe(401);
    const foreign = await post(checkUrl(CASES, 'pass'), cookie, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('answers a body it cannot read with 4xx and a coded error, not 500', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    const send = async (contentType: string, body: string) => {
      const res = await fetch(`${box.baseUrl}${checkUrl(CASES, 'pass')}`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    const broken = await send('application/json', '{"not json');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('bad_message');
    const odd = await send('application/x-boxlab-odd', 'x');
    expect(odd.status).toBe(415);
    expect(odd.body.error.code).toBe('bad_message');
  });

  it('checks what the learner did in their terminal, after the lesson setup ran', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: 'fixtures/checks' });
    terminals.push(t);
    await t.waitForPrompt();
    // The setup's file is there before the first prompt.
    expect(await t.run('test -s ~/.secret && echo SETUP-RAN', /SETUP-RAN\n/)).toContain('SETUP-RAN');
    const before = await check(cookie, 'fixtures/checks', 'make-file');
    expect(before.body).toMatchObject({ passed: false, message: 'There is no ~/hello.txt yet.' });
    await t.run('echo hello > ~/hello.txt; echo DONE', /DONE\n/);
    const after = await check(cookie, 'fixtures/checks', 'make-file');
    expect(after.body).toMatchObject({ passed: true, message: 'hello.txt says hello.' });
  });

  it('resets a lesson: the sandbox goes, progress for the lesson is cleared', async () => {
    const { cookie, sandboxId } = await learnerWithSandbox(CASES);
    expect((await check(cookie, CASES, 'pass')).body.passed).toBe(true);
    const res = await post(resetUrl(CASES), cookie);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, removedSandbox: true });
    expect(await box.runtime.inspect(sandboxId)).toBeUndefined();
    const progress = await (await fetch(`${box.baseUrl}/api/progress`, { headers: { cookie } })).json();
    expect(progress.lessons[CASES]).toBeUndefined();
    expect((await check(cookie, CASES, 'pass')).body.error.code).toBe('no_sandbox');
  });
});

describe('rate limit', () => {
  let limited: RunningBoxlab;
  beforeAll(async () => {
    limited = await startBoxlab({ BOXLAB_CHECK_BURST: '2', BOXLAB_CHECKS_PER_MINUTE: '1' });
  });
  afterAll(async () => {
    await limited.destroy();
  });

  it('answers 429 with Retry-After once a learner spends the burst', async () => {
    const cookie = await newLearnerCookie(limited.baseUrl);
    const url = `${limited.baseUrl}${checkUrl('fixtures/checks', 'make-file')}`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await fetch(url, { method: 'POST', headers: { cookie } });
      statuses.push(last.status);
    }
    // No sandbox: the first two are answered (409); the third is refused before any work.
    expect(statuses).toEqual([409, 409, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await last!.json()).error.code).toBe('rate_limited');
    // Another learner has a budget of their own.
    const other = await fetch(url, { method: 'POST', headers: { cookie: await newLearnerCookie(limited.baseUrl) } });
    expect(other.status).toBe(409);
  });
});
