/**
 * The sandbox engine's lifecycle against the real Docker engine: warm pool, restart safety, limits and the
 * queue, expiry warnings and extension, refusal under host pressure, orphan removal.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseName } from '../../server/sandbox/claims.ts';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { toLabels } from '../../server/sandbox/labels.ts';
import { shellProfile, specFor } from '../../server/sandbox/profiles.ts';
import { imageTag } from '../../server/sandbox/images.ts';
import type { Catalog } from '../../server/sandbox/profile-catalog.ts';
import { startBoxlab, TWO_LESSONS, type RunningBoxlab } from '../helpers/boxlab.ts';
import { TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { inspectContainer, networksLabelled } from '../helpers/engine.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const running: RunningBoxlab[] = [];
const terminals: TestTerminal[] = [];
const start = async (...args: Parameters<typeof startBoxlab>) => {
  const box = await startBoxlab(...args);
  running.push(box);
  return box;
};
const open = async (box: RunningBoxlab, cookie: string, extra: Partial<Parameters<typeof TestTerminal.open>[0]> = {}) => {
  const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, ...extra });
  terminals.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(terminals.splice(0).map((t) => t.close()));
  await Promise.all(running.splice(0).map((b) => b.destroy()));
});

describe('warm pool', () => {
  it('keeps started sandboxes waiting, hands one to a learner, and refills', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '2' });
    await eventually(() => box.boxlab.manager.pooled().length === 2, 'the pool to fill');
    const waiting = box.boxlab.manager.pooled().map((s) => s.id);

    const t = await open(box, await newLearnerCookie(box.baseUrl));
    await t.waitForPrompt();
    const [mine] = box.boxlab.manager.list();
    expect(waiting).toContain(mine!.id);
    // Claimed by renaming (after the claim is recorded, in the background): the engine itself records the owner.
    await box.boxlab.manager.namesSettled();
    const inspected = await box.runtime.inspect(mine!.id);
    expect(parseName(inspected!.name).claim).toMatchObject({ lessonKey: lessonKey('containers/what-is-a-container') });

    await eventually(() => box.boxlab.manager.pooled().length === 2, 'the pool to refill');
    // Each sandbox has its own identity, not the pool image's.
    const hostnames = await Promise.all(
      [mine!, ...box.boxlab.manager.pooled()].map(async (s) => (await box.runtime.exec(s.id, { cmd: ['hostname'], user: 'learner', timeoutMs: 5000 })).output.trim()),
    );
    expect(new Set(hostnames).size).toBe(3);
  });
});

describe('restart safety', () => {
  it('adopts sandboxes after a restart: the learner finds their files and the same shell', async () => {
    const instance = `restart${Date.now().toString(36)}`;
    const first = await start({ BOXLAB_POOL_SHELL: '1' }, instance);
    const cookie = await newLearnerCookie(first.baseUrl);
    const before = await open(first, cookie);
    await before.waitForPrompt();
    await before.run('echo survives > ~/work.txt; export BOXLAB_MARK=still-the-same-shell; echo READY', /READY/);
    const sandbox = before.control('attached')!.sandbox;

    await first.close();
    await before.waitFor(() => before.closed !== undefined, 'the server to drop the socket');
    expect(before.closed?.code).toBe(1012);
    // A sandbox removed while the server was down leaves its agent directory: the next start clears it.
    const stray = join(first.config.agentDir, 'feedface00');
    mkdirSync(stray, { recursive: true });

    const second = await start({ BOXLAB_POOL_SHELL: '1' }, instance);
    expect(second.boxlab.manager.list().map((s) => s.name)).toContain(sandbox);
    expect(existsSync(stray)).toBe(false);
    const adopted = second.boxlab.manager.list().find((s) => s.name === sandbox)!;
    expect(existsSync(join(second.config.agentDir, adopted.suffix))).toBe(true);
    const after = await open(second, cookie, { since: before.position });
    await after.waitFor(() => after.control('attached') !== undefined, 'attach');
    expect(after.control('attached')?.sandbox).toBe(sandbox);
    // `mark=[a-z]` cannot match the echo of the command line itself (`mark=$…`), only what the shell printed.
    expect(await after.run('cat ~/work.txt; echo "mark=$BOXLAB_MARK"', /mark=[a-z]/)).toMatch(/survives[\s\S]*mark=still-the-same-shell/);
    // The pool sandbox was adopted too, not duplicated.
    expect(second.boxlab.manager.pooled()).toHaveLength(1);
    const pooled = second.boxlab.manager.pooled()[0]!.id;
    await after.close();
    await second.close();

    // Settings changed: the learner's sandbox is still theirs; the pooled one, made to the old spec, is replaced.
    const third = await start({ BOXLAB_POOL_SHELL: '1', BOXLAB_SHELL_MEMORY_MB: '200' }, instance);
    expect(third.boxlab.manager.list().map((s) => s.name)).toContain(sandbox);
    expect(await third.runtime.inspect(pooled)).toBeUndefined();
    await eventually(() => third.boxlab.manager.pooled().length === 1, 'the pool to refill to the new spec');
    const fresh = await inspectContainer(third.boxlab.manager.pooled()[0]!.id);
    expect(fresh.HostConfig.Memory).toBe(200 * 1024 * 1024);
  });

  it('removes orphans at start: foreign names, unknown lessons, expired claims', async () => {
    const instance = `orphans${Date.now().toString(36)}`;
    const box = await start({ BOXLAB_POOL_SHELL: '0' }, instance);
    const labels = toLabels({ instance, profile: 'shell', createdAt: Date.now() }, { [TEST_LABEL]: '1', [TEST_RUN_LABEL]: testRunId() });
    const base = specFor(shellProfile({ memoryMb: 64, cpus: 0.1, pids: 16 }), { imageTag: imageTag('shell'), name: '', hostname: 'orphan', labels });
    const learner = '11111111-2222-4333-8444-555555555555';
    const made = await Promise.all([
      box.runtime.create({ ...base, name: `bx-${instance}-aaaa--${learner}--${lessonKey('no/such-lesson')}--9999999999` }),
      box.runtime.create({ ...base, name: `bx-${instance}-bbbb--${learner}--${lessonKey('containers/what-is-a-container')}--1000` }),
      box.runtime.create({ ...base, name: `bx-${instance}-cccc--${learner}--${lessonKey('containers/what-is-a-container')}--9999999999` }),
    ]);
    await box.close();
    const again = await start({ BOXLAB_POOL_SHELL: '0' }, instance);
    expect(await again.runtime.inspect(made[0].id)).toBeUndefined();
    expect(await again.runtime.inspect(made[1].id)).toBeUndefined();
    expect(await again.runtime.inspect(made[2].id)).toBeDefined();
    expect(again.boxlab.manager.find(learner, 'containers/what-is-a-container')?.id).toBe(made[2].id);
  });
});

describe('engine failures', () => {
  it('leaves no private network behind when the sandbox cannot be created', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0' });
    const run = `netleak${Date.now().toString(36)}`;
    const labels = toLabels({ instance: run, profile: 'shell', createdAt: Date.now() }, { [TEST_LABEL]: '1', [TEST_RUN_LABEL]: testRunId() });
    const spec = specFor(shellProfile({ memoryMb: 64, cpus: 0.1, pids: 16 }), { imageTag: 'boxlab/no-such-image:0', name: `bx-${run}`, hostname: 'leak', labels });
    await expect(box.runtime.create({ ...spec, network: 'isolated' })).rejects.toThrow();
    const networks = await networksLabelled(`boxlab.instance=${run}`);
    expect(networks).toEqual([]);
  });
});

describe('limits', () => {
  it('recycles a learner’s least recently used sandbox beyond their limit', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_PER_LEARNER: '1' }, undefined, TWO_LESSONS);
    const cookie = await newLearnerCookie(box.baseUrl);
    const one = await open(box, cookie, { lesson: 'test/one' });
    await one.waitForPrompt();
    const two = await open(box, cookie, { lesson: 'test/two' });
    await two.waitForPrompt();
    await one.waitFor(() => one.closed !== undefined, 'the recycled terminal to be told');
    expect(one.controls.some((c) => c.type === 'status' && c.state === 'expired' && /recycled/.test(c.message ?? ''))).toBe(true);
    expect(box.boxlab.manager.list().map((s) => s.lesson)).toEqual(['test/two']);
  });

  it('queues learners when every sandbox is taken, and lets them in when one frees up', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_SANDBOXES: '1', BOXLAB_IDLE_TIMEOUT_S: '1', BOXLAB_REAP_INTERVAL_S: '1' });
    const first = await open(box, await newLearnerCookie(box.baseUrl));
    await first.waitForPrompt();
    const second = await open(box, await newLearnerCookie(box.baseUrl));
    await second.waitFor(() => second.controls.some((c) => c.type === 'status' && /number 1 in the queue/.test(c.message ?? '')), 'a queue position');
    expect(second.control('attached')).toBeUndefined();
    await first.close();
    await second.waitForPrompt(20_000);
    expect(box.boxlab.manager.list()).toHaveLength(1);
  });

  it('never holds more sandboxes than the limit, with learners arriving at once and the pool refilling', async () => {
    const max = 3;
    const box = await start({ BOXLAB_POOL_SHELL: '1', BOXLAB_MAX_SANDBOXES: String(max) });
    await eventually(() => box.boxlab.manager.pooled().length === 1, 'the warm pool');
    const left = new AbortController();
    const learners = [...Array(6).keys()].map((i) => `aaaaaaaa-bbbb-4ccc-8ddd-${String(i).padStart(12, '0')}`);
    const acquired = learners.map((l) => box.boxlab.manager.acquire(l, 'containers/what-is-a-container', 'shell', { signal: left.signal }).catch(() => undefined));
    const inside = () => box.boxlab.manager.list().filter((s) => s.learner).length;
    const engine = async () => (await box.runtime.list({ 'boxlab.instance': box.config.instance })).length;
    // Once three are in, a learner leaves: a queued one takes the slot while the pool wants it too.
    await eventually(() => inside() >= max, 'the first learners in');
    await eventually(async () => box.boxlab.manager.size === (await engine()), 'the manager and the engine to agree');
    expect(await engine()).toBeLessThanOrEqual(max);
    await box.boxlab.manager.remove(box.boxlab.manager.list().find((s) => s.learner)!, 'left');
    await eventually(() => inside() >= max, 'a queued learner in');
    await eventually(async () => box.boxlab.manager.size === (await engine()), 'the manager and the engine to agree');
    expect(await engine()).toBeLessThanOrEqual(max);
    left.abort();
    await Promise.all(acquired);
  });

  it('keeps a queued learner’s second tab waiting when the first tab leaves', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_SANDBOXES: '1' });
    const lesson = 'containers/what-is-a-container';
    const holder = await box.boxlab.manager.acquire('aaaaaaaa-bbbb-4ccc-8ddd-000000000001', lesson, 'shell');
    const learner = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000002';
    const firstTab = new AbortController();
    const places: number[] = [];
    const first = box.boxlab.manager.acquire(learner, lesson, 'shell', { signal: firstTab.signal }).catch((err: Error) => err);
    const second = box.boxlab.manager.acquire(learner, lesson, 'shell', { signal: new AbortController().signal, onQueued: (p) => places.push(p) });
    await eventually(() => box.boxlab.manager.queued === 1, 'the learner queued');
    // Both tabs share one place in the queue, and both are told it.
    expect(places).toContain(1);
    firstTab.abort();
    // The second tab still waits: the slot that frees up is its.
    await box.boxlab.manager.remove(holder, 'left');
    const got = await second;
    expect(got.learner).toBe(learner);
    expect(await first).toBe(got);
  });

  it('holds a learner to their limit when they open several lessons at once', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_PER_LEARNER: '1' }, undefined, TWO_LESSONS);
    const learner = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000003';
    const both = await Promise.all(['test/one', 'test/two'].map((lesson) => box.boxlab.manager.acquire(learner, lesson, 'shell')));
    expect(both).toHaveLength(2);
    const mine = box.boxlab.manager.list().filter((s) => s.learner === learner);
    expect(mine).toHaveLength(1);
    const engine = await box.runtime.list({ 'boxlab.instance': box.config.instance });
    expect(engine).toHaveLength(1);
  });

  it('limits how fast one address starts sandboxes', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_CREATE_PER_MIN_PER_IP: '1' });
    const first = await open(box, await newLearnerCookie(box.baseUrl));
    await first.waitForPrompt();
    const second = await open(box, await newLearnerCookie(box.baseUrl));
    await second.waitFor(() => second.closed !== undefined, 'refusal');
    expect(second.control('error')).toMatchObject({ code: 'rate_limited' });
  });

  it('refuses new sandboxes cleanly while the host is short of memory', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_MIN_FREE_MEMORY_MB: String(1024 * 1024 * 1024) });
    const t = await open(box, await newLearnerCookie(box.baseUrl));
    await t.waitFor(() => t.closed !== undefined, 'refusal');
    expect(t.control('error')).toMatchObject({ code: 'host_busy' });
    expect(t.control('error')?.message).toMatch(/short of memory/);
  });
});

describe('a stopped sandbox', () => {
  it('is replaced by a fresh one when its learner comes back', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0' });
    const cookie = await newLearnerCookie(box.baseUrl);
    const t = await open(box, cookie);
    await t.waitForPrompt();
    const first = t.control('attached')!.sandbox;
    const id = box.boxlab.manager.list()[0]!.id;
    // The learner ends their sandbox's init; the container stops (and the engine watch may remove it at once).
    t.type('kill 1\r');
    await t.waitFor(() => t.closed !== undefined || t.controls.some((c) => c.type === 'exit'), 'the shell to go');
    await eventually(async () => !(await box.runtime.inspect(id))?.running, 'the container to stop');
    const again = await open(box, cookie);
    await again.waitForPrompt();
    expect(again.control('attached')!.sandbox).not.toBe(first);
    expect(await again.run('echo fresh-$((2*3))', /fresh-6/)).toContain('fresh-6');
  });
});

describe('images', () => {
  it('never builds or pulls on a learner’s request: a missing image is a clear error', async () => {
    // Point the server at an image the engine does not have, as if it had been deleted.
    const missing = (made: Catalog): Catalog => {
      const profiles = new Map(made.profiles);
      profiles.set('shell', { ...made.profiles.get('shell')!, imageTag: 'boxlab/shell:missing-on-purpose' });
      return { ...made, profiles };
    };
    const box = await start({ BOXLAB_POOL_SHELL: '0' }, undefined, undefined, missing);
    const t = await open(box, await newLearnerCookie(box.baseUrl));
    await t.waitFor(() => t.closed !== undefined, 'refusal');
    expect(t.control('error')).toMatchObject({ code: 'image_missing' });
    expect(t.control('error')?.message).toMatch(/npm run images/);
    expect(await box.runtime.imageExists('boxlab/shell:missing-on-purpose')).toBe(false);
  });
});

describe('expiry', () => {
  it('warns before the time-to-live ends and extends on request', async () => {
    const box = await start({ BOXLAB_POOL_SHELL: '0', BOXLAB_TTL_S: '30', BOXLAB_EXPIRY_WARNING_S: '29', BOXLAB_REAP_INTERVAL_S: '1' });
    const t = await open(box, await newLearnerCookie(box.baseUrl));
    await t.waitForPrompt();
    await t.waitFor(() => t.controls.some((c) => c.type === 'status' && c.state === 'expiring'), 'the expiry warning');
    const [sandbox] = box.boxlab.manager.list();
    const before = sandbox!.expiresAt;
    // Extending is capped by the TTL from now; move "now" past the first second so the cap moves too.
    await eventually(() => Date.now() > before - 30_000 + 1500, 'a moment to pass', 5000);
    t.send({ type: 'extend' });
    await t.waitFor(() => t.controls.some((c) => c.type === 'status' && /Extended/.test(c.message ?? '')), 'the extension');
    expect(sandbox!.expiresAt).toBeGreaterThan(before);
    // Recorded at once, renamed in the background (server/sessions/claim-names.ts).
    await box.boxlab.manager.namesSettled();
    const claim = parseName((await box.runtime.inspect(sandbox!.id))!.name).claim;
    expect(claim!.expiresAt).toBeGreaterThan(before);
  });
});
