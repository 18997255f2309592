/**
 * What an operator watches, against the real engine: /metrics for a class of 10 learners who joined a workshop and
 * opened their terminals (the figures must be theirs), who may read it, /readyz passing and then failing with a
 * sentence per check (a learner image missing, the data dir and the store gone), and cookies signed with a
 * previous secret still working and signed again.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl } from '../../server/contracts/api.ts';
import { workshopUrls, type WorkshopSummary } from '../../server/contracts/workshop.ts';
import { cookieKeys, LEARNER_COOKIE, newLearnerId, readLearner, signLearner } from '../../server/http/identity.ts';
import type { Catalog } from '../../server/sandbox/profile-catalog.ts';
import { SECRET, startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { call as callApi } from '../helpers/http-api.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const LESSON = 'fixtures/checks';
const TOKEN = 'instructor-token-for-metrics-0123456789';
const LEARNERS = 10;

const call = (box: RunningBoxlab, method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(box.baseUrl, method, url, cookie, body, headers);

/** The value of one series in Prometheus text, e.g. `boxlab_sandboxes{profile="shell",state="claimed"}`. */
function series(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('a class of 10 on /metrics', () => {
  let box: RunningBoxlab;
  const terminals: TestTerminal[] = [];

  beforeAll(async () => {
    box = await startBoxlab({ BOXLAB_INSTRUCTOR_TOKENS: TOKEN, BOXLAB_MAX_SANDBOXES: '16', BOXLAB_POOL_SHELL: '2', BOXLAB_CREATE_PER_MIN_PER_IP: '60' });
  });
  afterAll(async () => {
    await Promise.all(terminals.map((t) => t.close()));
    await box?.destroy();
  });

  it('is ready, with each check saying what it found', async () => {
    const res = await call(box, 'GET', '/readyz', '');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ ready: true, failed: [] });
    expect(res.body.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['engine', true],
      ['images', true],
      ['store', true],
      ['data-dir', true],
    ]);
  });

  it('counts 10 learners who joined, opened their terminals and ran a check', async () => {
    const learner = await newLearnerCookie(box.baseUrl);
    const login = await call(box, 'POST', workshopUrls.instructorLogin, learner, { token: TOKEN });
    expect(login.status).toBe(200);
    const instructor = `${learner}; ${login.headers.get('set-cookie')!.split(';')[0]}`;
    const now = Date.now();
    // No pre-warm: the pool stays at its configured 2, so the figures below are the class's own.
    const created = await call(box, 'POST', workshopUrls.workshops, instructor, { title: 'Metrics', lessons: [LESSON], capacity: 20, startsAt: now - 60_000, endsAt: now + 3_600_000, prewarmShare: 0 });
    expect(created.status).toBe(201);
    const workshop = created.body as WorkshopSummary;

    const cookies = await Promise.all(Array.from({ length: LEARNERS }, () => newLearnerCookie(box.baseUrl)));
    for (const [i, cookie] of cookies.entries()) expect((await call(box, 'POST', workshopUrls.join, cookie, { code: workshop.code, name: `L${i}` })).status).toBe(200);
    // Five at a time: ten shells starting at once on a shared 2-core machine would only measure the machine.
    for (let i = 0; i < LEARNERS; i += 5) {
      const batch = await Promise.all(cookies.slice(i, i + 5).map((cookie) => TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: LESSON })));
      terminals.push(...batch);
      await Promise.all(batch.map((t) => t.waitForPrompt(30_000)));
    }
    await Promise.all(terminals.map((t) => t.run('echo ready-$((20+22))', /ready-42/)));
    expect((await call(box, 'POST', checkUrl(LESSON, 'make-file'), cookies[0]!)).body.status).toBe('failed');
    // Refusals, one of each kind: an API call and a terminal for a lesson this server does not have.
    expect((await call(box, 'POST', checkUrl('no/such-lesson', 'x'), cookies[1]!)).body.error.code).toBe('unknown_lesson');
    const stray = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: cookies[2]!, lesson: 'no/such-lesson' });
    await stray.waitFor(() => stray.closed !== undefined, 'the stray terminal closed');
    await box.boxlab.manager.poolSettled();
    // The pool refills in the background after the class took its two sandboxes.
    const text = await eventually(async () => {
      const res = await call(box, 'GET', '/metrics', '');
      return series(res.body, 'boxlab_sandboxes{profile="shell",state="pooled"}') === 2 ? (res.body as string) : undefined;
    }, 'the pool refilled', 60_000);

    expect(series(text, 'boxlab_sandboxes{profile="shell",state="claimed"}')).toBe(LEARNERS);
    expect(series(text, 'boxlab_sandboxes{profile="vm",state="claimed"}')).toBe(0);
    expect(series(text, 'boxlab_terminal_sessions')).toBe(LEARNERS);
    expect(series(text, 'boxlab_pool_target{profile="shell"}')).toBe(2);
    expect(series(text, 'boxlab_sandboxes_limit')).toBe(16);
    expect(series(text, 'boxlab_queue_length')).toBe(0);
    expect(series(text, 'boxlab_sandbox_slots{state="reserved"}')).toBe(0);
    expect(series(text, 'boxlab_first_prompt_seconds_count{profile="shell"}')).toBe(LEARNERS);
    expect(series(text, 'boxlab_first_prompt_seconds_bucket{le="+Inf",profile="shell"}')).toBe(LEARNERS);
    expect(series(text, 'boxlab_check_duration_seconds_count{status="failed"}')).toBe(1);
    expect(series(text, 'boxlab_errors_total{code="unknown_lesson",source="api"}')).toBe(1);
    expect(series(text, 'boxlab_errors_total{code="unknown_lesson",source="terminal"}')).toBe(1);
    expect(series(text, 'boxlab_workshop_joins_total')).toBe(LEARNERS);
    expect(series(text, 'boxlab_store_bytes{file="db"}')).toBeGreaterThan(0);
    expect(series(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // For the report: what an operator's Prometheus reads from this server.
    console.log(`--- /metrics with ${LEARNERS} learners (boxlab_* and the process) ---\n${text.split('\n').filter((l) => /^(# (HELP|TYPE) )?(boxlab_|process_resident|process_cpu_seconds_total|nodejs_eventloop_lag_p99|nodejs_heap_size_used)/.test(l)).join('\n')}\n---`);
  });

  it('answers /metrics on loopback only, never through a proxy', async () => {
    const direct = await call(box, 'GET', '/metrics', '');
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const proxied = await call(box, 'GET', '/metrics', '', undefined, { 'x-forwarded-for': '203.0.113.7' });
    expect(proxied.status).toBe(403);
    expect(proxied.body).toMatch(/set BOXLAB_METRICS_TOKEN/);
  });
});

describe('readiness, the metrics token and key rotation', () => {
  const OLD_SECRET = 'the-previous-secret-that-is-long-enough-01';
  const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
  let box: RunningBoxlab;
  // The vm profile points at an image the engine lacks.
  const missingVm = (made: Catalog): Catalog => {
    const profiles = new Map(made.profiles);
    profiles.set('vm', { ...made.profiles.get('vm')!, imageTag: 'boxlab/vm:not-built-here' });
    return { ...made, profiles };
  };

  beforeAll(async () => {
    box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_METRICS_TOKEN: METRICS_TOKEN, BOXLAB_SECRET_PREVIOUS: OLD_SECRET }, undefined, undefined, missingVm);
  });
  afterAll(async () => {
    await box?.destroy();
  });

  it('/metrics wants the token from everyone when one is set', async () => {
    const none = await call(box, 'GET', '/metrics', '');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call(box, 'GET', '/metrics', '', undefined, { authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
    const ok = await call(box, 'GET', '/metrics', '', undefined, { authorization: `Bearer ${METRICS_TOKEN}`, 'x-forwarded-for': '203.0.113.7' });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('boxlab_sandboxes_limit 100');
  });

  it('/readyz fails with a sentence per failed check, while /healthz (liveness) still answers', async () => {
    const missing = await call(box, 'GET', '/readyz', '');
    expect(missing.status).toBe(503);
    expect(missing.body.ready).toBe(false);
    expect(missing.body.failed).toEqual([{ name: 'images', message: expect.stringMatching(/^Learner image missing from the engine: boxlab\/vm:not-built-here \(profile vm\)\. Restart Boxlab/) }]);

    rmSync(box.config.dataDir, { recursive: true, force: true });
    const gone = await eventually(async () => {
      const res = await call(box, 'GET', '/readyz', '');
      return res.body.failed.length === 3 ? res : undefined;
    }, 'the store and the data dir to fail', 10_000);
    expect(gone.status).toBe(503);
    const failed = Object.fromEntries(gone.body.failed.map((f: { name: string; message: string }) => [f.name, f.message]));
    expect(failed['store']).toMatch(/^The store .*boxlab\.sqlite is gone: restore it from a backup/);
    expect(failed['data-dir']).toMatch(/is not writable \(ENOENT/);
    expect(gone.body.checks.find((c: { name: string }) => c.name === 'engine')).toMatchObject({ ok: true });

    const health = await call(box, 'GET', '/healthz', '');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);
  });

  it('takes a cookie a previous secret signed (page and terminal) and signs it again with the current one', async () => {
    const id = newLearnerId();
    const old = `${LEARNER_COOKIE}=${signLearner(cookieKeys(OLD_SECRET), id)}`;
    const page = await call(box, 'GET', '/healthz', old);
    const renewed = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(readLearner(cookieKeys(SECRET), renewed.slice(LEARNER_COOKIE.length + 1))).toEqual({ id, signedWith: 'current' });
    // The renewed cookie is left alone; a cookie of a secret nobody configured is replaced by a new identity.
    expect((await call(box, 'GET', '/healthz', renewed)).headers.get('set-cookie')).toBeNull();
    const stranger = (await call(box, 'GET', '/healthz', `${LEARNER_COOKIE}=${signLearner(cookieKeys('x'.repeat(40)), id)}`)).headers.get('set-cookie')!;
    expect(readLearner(cookieKeys(SECRET), stranger.split(';')[0]!.slice(LEARNER_COOKIE.length + 1))?.id).not.toBe(id);
    // The WebSocket gate takes the old cookie too (a page open since before the change keeps its terminal).
    const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: old, hello: false });
    expect(t.closed).toBeUndefined();
    await t.close();
  });
});
