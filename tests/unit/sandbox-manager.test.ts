/**
 * The manager's rules against an in-memory engine and a manual clock: limits, shared acquires, one learner's
 * turns, the pool, the reaper and reconcile. The real engine's tests (tests/integration/sandbox-lifecycle.test.ts)
 * keep what only Docker can show.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock.ts';
import { RateLimiter } from '../../server/domain/rate-limit.ts';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { claimedName, lessonKeyMap, parseName, poolName } from '../../server/sandbox/claims.ts';
import { toLabels } from '../../server/sandbox/labels.ts';
import { profileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { specFingerprint } from '../../server/sandbox/profiles.ts';
import { SandboxManager, type ManagerOptions } from '../../server/sessions/sandbox-manager.ts';
import type { ClaimedSandbox } from '../../server/sessions/sandbox.ts';
import { MemoryClaimRecords } from '../fakes/memory-claim-records.ts';
import { MemoryRuntime } from '../fakes/memory-runtime.ts';

const INSTANCE = 'unit';
const LESSONS = ['course/one', 'course/two', 'course/three'];
const MINUTE = 60_000;

interface Setup {
  manager: SandboxManager;
  runtime: MemoryRuntime;
  clock: ManualClock;
  pressure: { reason: string | undefined };
  agentDirs: Set<string>;
  removed: string[];
  expiring: string[];
  claimedHook: ClaimedSandbox[];
  catalog: ManagerOptions['catalog'];
  /** Claim records: kept on the host across a restart, so a second setup is given the first's. */
  records: MemoryClaimRecords;
  /** What the manager logged as warnings and errors. */
  warnings: string[];
  errors: string[];
}

function setup(overrides: Partial<ManagerOptions> & { pool?: { shell?: number; docker?: number } } = {}, runtime = new MemoryRuntime(), records = new MemoryClaimRecords()): Setup {
  const warnings: string[] = [];
  const errors: string[] = [];
  const clock = new ManualClock(Date.UTC(2026, 11, 7));
  const pressure = { reason: undefined as string | undefined };
  const agentDirs = new Set<string>();
  const removed: string[] = [];
  const expiring: string[] = [];
  const claimedHook: ClaimedSandbox[] = [];
  const limits = { memoryMb: 256, cpus: 0.5, pids: 128, runtime: undefined };
  const { profiles } = profileCatalog(
    {
      shell: limits,
      docker: { ...limits, elevated: true, storageMb: 512, registryUpstream: undefined },
      vm: { ...limits, kvm: 'off' },
      pool: { shell: overrides.pool?.shell ?? 0, docker: overrides.pool?.docker ?? 0, vm: 0 },
      instance: INSTANCE,
      extraLabels: {},
    },
    (image) => `boxlab/${image}:test`,
  );
  const manager = new SandboxManager({
    runtime,
    clock,
    instance: INSTANCE,
    extraLabels: {},
    idleTimeoutMs: 10 * MINUTE,
    ttlMs: 60 * MINUTE,
    maxLifetimeMs: 120 * MINUTE,
    expiryWarningMs: 5 * MINUTE,
    maxSandboxes: 10,
    maxPerLearner: 3,
    queueTimeoutMs: 60_000,
    queuePlaceKeptMs: 0,
    catalog: profiles,
    lessonKeys: lessonKeyMap(LESSONS),
    rateLimiter: new RateLimiter({ burst: 100, perMinute: 100 }, clock),
    pressure: { reason: async () => pressure.reason },
    log: { info: () => undefined, warn: (_o, msg) => void warnings.push(msg), error: (_o, msg) => void errors.push(msg) },
    claimRecords: records,
    agentDirs: {
      claimsDir: "/agents/.claims",
      prepare: async (suffix) => (agentDirs.add(suffix), `/agents/${suffix}`),
      release: async (suffix) => void agentDirs.delete(suffix),
      prune: async (keep) => {
        const gone = [...agentDirs].filter((s) => !keep.has(s));
        gone.forEach((s) => agentDirs.delete(s));
        return gone.length;
      },
    },
    events: {
      removed: (s, reason) => removed.push(`${s.id}:${reason}`),
      expiring: (s) => expiring.push(s.id),
      claimed: async (s) => void claimedHook.push(s),
    },
    ...overrides,
  });
  return { manager, runtime, clock, pressure, agentDirs, removed, expiring, claimedHook, catalog: profiles, records, warnings, errors };
}

/** Let every pending promise and I/O callback run (the in-memory engine answers at once). */
async function drain(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

const learner = () => randomUUID();

describe('acquire', () => {
  it('makes a sandbox named with its claim, and gives the same one back', async () => {
    const { manager, runtime, claimedHook } = setup();
    const me = learner();
    const a = await manager.acquire(me, 'course/one', 'shell');
    expect(a).toMatchObject({ state: 'claimed', learner: me, lesson: 'course/one', profileName: 'shell' });
    expect(parseName(runtime.containers.get(a.id)!.info.name).claim).toMatchObject({ learner: me, lessonKey: lessonKey('course/one') });
    expect(claimedHook).toEqual([a]);
    expect(await manager.acquire(me, 'course/one', 'shell')).toBe(a);
    expect(runtime.containers.size).toBe(1);
  });

  it('refuses a profile the server does not offer with a sentence', async () => {
    const { manager } = setup();
    await expect(manager.acquire(learner(), 'course/one', 'gpu')).rejects.toMatchObject({ code: 'profile_unavailable' });
  });

  it('shares one acquire between calls for the same lesson', async () => {
    const { manager, runtime } = setup();
    const me = learner();
    const release = runtime.hold('create');
    const a = manager.acquire(me, 'course/one', 'shell');
    const b = manager.acquire(me, 'course/one', 'shell');
    await drain();
    release();
    expect(await a).toBe(await b);
    expect(runtime.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
  });

  it('replaces a sandbox the learner stopped', async () => {
    const { manager, runtime, removed } = setup();
    const me = learner();
    const first = await manager.acquire(me, 'course/one', 'shell');
    runtime.stopContainer(first.id);
    const second = await manager.acquire(me, 'course/one', 'shell');
    expect(second.id).not.toBe(first.id);
    expect(removed).toEqual([`${first.id}:stopped`]);
    expect(runtime.containers.has(first.id)).toBe(false);
  });

  it('turns a missing image into a clear error, and frees the slot', async () => {
    const { manager, runtime } = setup();
    runtime.missingImages.add('boxlab/shell:test');
    await expect(manager.acquire(learner(), 'course/one', 'shell')).rejects.toMatchObject({ code: 'image_missing', message: /npm run images/ });
    expect(manager.size).toBe(0);
  });

  it('frees the slot and the agent directory when the engine fails to create', async () => {
    const { manager, runtime, agentDirs } = setup();
    runtime.failNext('create', new Error('engine hiccup'));
    await expect(manager.acquire(learner(), 'course/one', 'shell')).rejects.toMatchObject({ code: 'sandbox_failed' });
    expect(manager.size).toBe(0);
    expect(agentDirs.size).toBe(0);
  });

  it('refuses new sandboxes under host pressure, with the reason', async () => {
    const { manager, pressure } = setup();
    pressure.reason = 'the server is short of memory (100 MiB free)';
    await expect(manager.acquire(learner(), 'course/one', 'shell')).rejects.toMatchObject({ code: 'host_busy', message: /short of memory/ });
    expect(manager.size).toBe(0);
  });

  it('limits how fast one address starts sandboxes, and says when to try again', async () => {
    const { clock } = setup();
    const { manager } = setup({ rateLimiter: new RateLimiter({ burst: 2, perMinute: 2 }, clock) });
    await manager.acquire(learner(), 'course/one', 'shell', { ip: '10.0.0.1' });
    await manager.acquire(learner(), 'course/one', 'shell', { ip: '10.0.0.1' });
    await expect(manager.acquire(learner(), 'course/one', 'shell', { ip: '10.0.0.1' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 30_000, message: /30 s/ });
    await manager.acquire(learner(), 'course/one', 'shell', { ip: '10.0.0.2' });
  });
});

describe('the global limit', () => {
  it('holds with a pool and six learners at once: never more sandboxes than the limit', async () => {
    const { manager, runtime } = setup({ maxSandboxes: 3, pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    const release = runtime.hold('create');
    const six = Array.from({ length: 6 }, () => learner());
    const queued: number[] = [];
    const acquires = six.map((l) => manager.acquire(l, 'course/one', 'shell', { onQueued: (p) => queued.push(p) }));
    await drain();
    release();
    await drain();
    expect(runtime.peak).toBe(3);
    expect(manager.size).toBe(3);
    expect(manager.queued).toBe(3);
    expect(queued).toContain(3);
    // Each removal lets exactly one queued learner in.
    const served = await Promise.race(acquires.map((a) => a.then((s) => s)));
    await manager.remove(served, 'test');
    await drain();
    expect(manager.queued).toBe(2);
    expect(runtime.containers.size).toBe(3);
    for (const s of manager.list()) await manager.remove(s, 'test');
    await Promise.all(acquires);
    expect(runtime.peak).toBe(3);
  });

  it('a queued learner who leaves gives up the place; the one behind moves up', async () => {
    const { manager } = setup({ maxSandboxes: 1 });
    await manager.acquire(learner(), 'course/one', 'shell');
    const leaving = new AbortController();
    const firstPlaces: number[] = [];
    const secondPlaces: number[] = [];
    const first = manager.acquire(learner(), 'course/one', 'shell', { signal: leaving.signal, onQueued: (p) => firstPlaces.push(p) });
    const second = manager.acquire(learner(), 'course/one', 'shell', { onQueued: (p) => secondPlaces.push(p) });
    await drain();
    expect([firstPlaces.at(-1), secondPlaces.at(-1)]).toEqual([1, 2]);
    leaving.abort();
    await expect(first).rejects.toMatchObject({ code: 'capacity' });
    expect(secondPlaces.at(-1)).toBe(1);
    await manager.remove(manager.list()[0]!, 'test');
    expect((await second).state).toBe('claimed');
  });

  it('a shared wait ends only when every caller has left, and all of them hear the place', async () => {
    const { manager } = setup({ maxSandboxes: 1 });
    await manager.acquire(learner(), 'course/one', 'shell');
    const me = learner();
    const tabA = new AbortController();
    const tabB = new AbortController();
    const heardA: number[] = [];
    const heardB: number[] = [];
    const a = manager.acquire(me, 'course/two', 'shell', { signal: tabA.signal, onQueued: (p) => heardA.push(p) });
    const b = manager.acquire(me, 'course/two', 'shell', { signal: tabB.signal, onQueued: (p) => heardB.push(p) });
    await drain();
    tabA.abort();
    await drain();
    expect(manager.queued).toBe(1);
    const outsider = manager.acquire(learner(), 'course/one', 'shell', {});
    await drain();
    expect(heardB.at(-1)).toBe(1);
    expect(heardA).toEqual([1]);
    tabB.abort();
    await expect(b).rejects.toMatchObject({ code: 'capacity' });
    await expect(a).rejects.toMatchObject({ code: 'capacity' });
    await manager.remove(manager.list()[0]!, 'test');
    await outsider;
  });

  it('keeps a queued learner\'s place while their page reconnects', async () => {
    const { manager } = setup({ maxSandboxes: 1, queuePlaceKeptMs: 60_000 });
    const holder = await manager.acquire(learner(), 'course/one', 'shell');
    const me = learner();
    const first = new AbortController();
    const dropped = manager.acquire(me, 'course/one', 'shell', { signal: first.signal });
    const behind = manager.acquire(learner(), 'course/one', 'shell');
    await drain();
    // The connection drops; the page comes back within the grace and finds its place, ahead of the one behind.
    first.abort();
    const places: number[] = [];
    const back = manager.acquire(me, 'course/one', 'shell', { onQueued: (p) => places.push(p) });
    await manager.remove(holder, 'test');
    const mine = await back;
    expect(await dropped).toBe(mine);
    expect(manager.queued).toBe(1);
    await manager.remove(mine, 'test');
    expect((await behind).learner).not.toBe(me);
  });

  it('waits as long as the page is open when there is no queue timeout', async () => {
    const { manager } = setup({ maxSandboxes: 1, queueTimeoutMs: 0 });
    const holder = await manager.acquire(learner(), 'course/one', 'shell');
    const waiting = manager.acquire(learner(), 'course/one', 'shell');
    await drain();
    expect(manager.queued).toBe(1);
    await manager.remove(holder, 'test');
    expect((await waiting).state).toBe('claimed');
  });

  it('gives up waiting after the queue timeout with a sentence', async () => {
    const { manager } = setup({ maxSandboxes: 1, queueTimeoutMs: 20 });
    await manager.acquire(learner(), 'course/one', 'shell');
    await expect(manager.acquire(learner(), 'course/one', 'shell')).rejects.toMatchObject({ code: 'capacity', message: /still busy/ });
  });

  it('a failed removal stays counted until the reaper removes it', async () => {
    const { manager, runtime } = setup({ maxSandboxes: 1 });
    const s = await manager.acquire(learner(), 'course/one', 'shell');
    runtime.failNext('remove', new Error('device busy'));
    await expect(manager.remove(s, 'test')).rejects.toThrow(/busy/);
    expect(manager.size).toBe(1);
    const waiting = manager.acquire(learner(), 'course/one', 'shell');
    await drain();
    expect(manager.queued).toBe(1);
    expect(await manager.reap()).toBe(1);
    expect((await waiting).state).toBe('claimed');
    expect(runtime.containers.has(s.id)).toBe(false);
  });
});

describe('one learner', () => {
  it('recycles the least recently used sandbox past the per-learner limit', async () => {
    const { manager, clock, removed } = setup({ maxPerLearner: 2 });
    const me = learner();
    const one = await manager.acquire(me, 'course/one', 'shell');
    clock.advance(1000);
    await manager.acquire(me, 'course/two', 'shell');
    clock.advance(1000);
    await manager.acquire(me, 'course/three', 'shell');
    expect(manager.list().map((s) => s.lesson).sort()).toEqual(['course/three', 'course/two']);
    expect(removed).toEqual([`${one.id}:recycled for another lesson`]);
  });

  it('holds the per-learner limit for lessons opened at the same moment', async () => {
    const { manager, runtime } = setup({ maxPerLearner: 1 });
    const me = learner();
    const release = runtime.hold('create');
    const both = [manager.acquire(me, 'course/one', 'shell'), manager.acquire(me, 'course/two', 'shell')];
    await drain();
    // The second waits for the first's turn instead of counting the same zero sandboxes.
    expect(runtime.waitingAt('create')).toBe(1);
    release();
    await Promise.all(both);
    expect(manager.list()).toHaveLength(1);
    expect(runtime.peak).toBe(1);
  });
});

describe('the warm pool', () => {
  it('fills, hands a pooled sandbox over renamed for its learner, and refills', async () => {
    const { manager, runtime, clock } = setup({ pool: { shell: 2 } });
    manager.fillPool();
    await manager.poolSettled();
    const [oldest] = manager.pooled('shell');
    expect(manager.pooled('shell')).toHaveLength(2);
    clock.advance(5 * MINUTE);
    const me = learner();
    const got = await manager.acquire(me, 'course/one', 'shell');
    expect(got.id).toBe(oldest!.id);
    // The time-to-live starts at the claim, not when the pool made it.
    expect(got.expiresAt).toBe(clock.now() + 60 * MINUTE);
    await manager.namesSettled();
    expect(parseName(runtime.containers.get(got.id)!.info.name).claim?.learner).toBe(me);
    await manager.poolSettled();
    await drain();
    await manager.poolSettled();
    expect(manager.pooled('shell')).toHaveLength(2);
    expect(manager.size).toBe(3);
  });

  it('makes nothing while held at start-up, when targets are set before reconcile, and fills once released', async () => {
    const { manager, runtime } = setup({ pool: { shell: 2 } });
    manager.holdPool();
    manager.setPoolTarget('shell', 'workshop', 3);
    await manager.poolSettled();
    await drain();
    expect(runtime.containers.size).toBe(0);
    manager.fillPool();
    await manager.poolSettled();
    await drain();
    await manager.poolSettled();
    expect(manager.pooled('shell')).toHaveLength(3);
  });

  it('never hands a pooled sandbox to a lesson with a network of its own', async () => {
    const { manager } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    const pooled = manager.pooled('shell')[0]!;
    const got = await manager.acquire(learner(), 'course/one', 'shell', { network: 'isolated' });
    expect(got.id).not.toBe(pooled.id);
    expect(manager.pooled('shell')[0]).toBe(pooled);
  });

  it('does not refill while a learner waits for a slot', async () => {
    const { manager } = setup({ maxSandboxes: 1, pool: { shell: 1 } });
    await manager.acquire(learner(), 'course/one', 'shell');
    const waiting = manager.acquire(learner(), 'course/one', 'shell');
    await drain();
    expect(manager.queued).toBe(1);
    manager.fillPool();
    await manager.poolSettled();
    expect(manager.pooled('shell')).toHaveLength(0);
    await manager.remove(manager.list()[0]!, 'test');
    expect((await waiting).state).toBe('claimed');
  });

  it('hands a pooled sandbox over once its claim is recorded, and renames it after, in the background', async () => {
    const { manager, runtime, records } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    const pooled = manager.pooled('shell')[0]!;
    const renames = runtime.hold('rename');
    const me = learner();
    const got = await manager.acquire(me, 'course/one', 'shell');
    expect(got.id).toBe(pooled.id);
    // Handed over while the engine has not renamed it: the record holds the claim.
    expect(runtime.waitingAt('rename')).toBe(1);
    expect(runtime.containers.get(got.id)!.info.name).toBe(pooled.name);
    expect(parseName(records.names.get(got.suffix)!).claim).toMatchObject({ learner: me, lessonKey: lessonKey('course/one') });
    expect(manager.namesPending).toBe(1);
    // Clients are told the name it is getting; the engine still has the pool's.
    expect(got.name).toBe(records.names.get(got.suffix));
    expect(got.engineName).toBe(pooled.name);
    renames();
    await manager.namesSettled();
    expect(runtime.containers.get(got.id)!.info.name).toBe(got.name);
    expect(got.engineName).toBe(got.name);
    expect(manager.namesPending).toBe(0);
  });

  it('a failed rename after a claim keeps the learner\'s sandbox, is tried again each reaper round, and is reported', async () => {
    const { manager, runtime, warnings, errors } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    for (let i = 0; i < 3; i++) runtime.failNext('rename', new Error('engine busy'));
    const me = learner();
    const got = await manager.acquire(me, 'course/one', 'shell');
    await manager.namesSettled();
    expect(manager.find(me, 'course/one')).toBe(got);
    expect(parseName(runtime.containers.get(got.id)!.info.name).claim).toBeUndefined();
    expect(manager.namesPending).toBe(1);
    expect(warnings).toContain('could not rename a claimed sandbox; will retry');
    for (let round = 0; round < 2; round++) {
      await manager.reap();
      await manager.namesSettled();
    }
    expect(errors.filter((e) => /could not be renamed/.test(e))).toHaveLength(1);
    await manager.reap();
    await manager.namesSettled();
    expect(parseName(runtime.containers.get(got.id)!.info.name).claim?.learner).toBe(me);
    expect(manager.namesPending).toBe(0);
    expect(manager.find(me, 'course/one')).toBe(got);
  });

  it('a sandbox removed before its rename is not renamed', async () => {
    const { manager, runtime } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    runtime.failNext('rename', new Error('engine busy'));
    const got = await manager.acquire(learner(), 'course/one', 'shell');
    await manager.namesSettled();
    await manager.remove(got, 'test');
    const before = runtime.calls.filter((c) => c === `rename ${got.id}`).length;
    await manager.reap();
    await manager.namesSettled();
    expect(runtime.calls.filter((c) => c === `rename ${got.id}`)).toHaveLength(before);
    expect(manager.namesPending).toBe(0);
  });

  it('a claim that cannot be recorded is written into the name at once, as before claim files', async () => {
    const { manager, runtime, records } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    records.failNextWrite(new Error('disk full'));
    const me = learner();
    const got = await manager.acquire(me, 'course/one', 'shell');
    expect(parseName(runtime.containers.get(got.id)!.info.name).claim?.learner).toBe(me);
    expect(got.name).toBe(runtime.containers.get(got.id)!.info.name);
  });

  it('a pooled sandbox whose claim can be neither recorded nor renamed is removed, and the learner told', async () => {
    const { manager, runtime, records } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    const pooled = manager.pooled('shell')[0]!;
    const stopFill = runtime.hold('create');
    records.failNextWrite(new Error('disk full'));
    runtime.failNext('rename', new Error('conflict'));
    await expect(manager.acquire(learner(), 'course/one', 'shell')).rejects.toMatchObject({ code: 'sandbox_failed', message: /reload/ });
    expect(runtime.containers.has(pooled.id)).toBe(false);
    stopFill();
    await manager.poolSettled();
    expect(manager.size).toBe(1);
  });
});

describe('pool targets (a workshop\'s pre-warm)', () => {
  it('keeps the larger of the configured size and the targets, and trims the pool when a target drops', async () => {
    const { manager, runtime } = setup({ pool: { shell: 1 } });
    manager.setPoolTarget('shell', 'workshops', 4);
    await manager.poolSettled();
    await drain();
    await manager.poolSettled();
    expect(manager.pooled('shell')).toHaveLength(4);
    manager.setPoolTarget('shell', 'workshops', 0);
    await drain();
    expect(manager.pooled('shell')).toHaveLength(1);
    expect(runtime.containers.size).toBe(1);
  });

  it('adopts pre-warmed pool sandboxes after a restart when the target is set before reconcile', async () => {
    const first = setup({ pool: { shell: 0 } });
    first.manager.setPoolTarget('shell', 'workshops', 3);
    await first.manager.poolSettled();
    await drain();
    await first.manager.poolSettled();
    expect(first.manager.pooled('shell')).toHaveLength(3);
    const second = setup({ pool: { shell: 0 } }, first.runtime);
    second.manager.setPoolTarget('shell', 'workshops', 3);
    second.manager.stop();
    expect(await second.manager.reconcile()).toMatchObject({ pooled: 3, removed: 0 });
  });

  it('a stopped manager (its server closing) no longer trims a pool the next server adopts', async () => {
    const { manager, runtime } = setup({ pool: { shell: 0 } });
    manager.setPoolTarget('shell', 'workshops', 2);
    await manager.poolSettled();
    await drain();
    await manager.poolSettled();
    manager.stop();
    manager.setPoolTarget('shell', 'workshops', 0);
    await drain();
    expect(runtime.containers.size).toBe(2);
  });

  it('a pool sandbox that fails to start wakes the learner queued for its slot', async () => {
    const { manager, runtime } = setup({ maxSandboxes: 1, queueTimeoutMs: 5_000 });
    const holder = await manager.acquire(learner(), 'course/one', 'shell');
    const waiting = manager.acquire(learner(), 'course/one', 'shell');
    await drain();
    // The slot comes free while the pool is making one that fails: the queued learner must still get it.
    manager.setPoolTarget('shell', 'test', 1);
    runtime.failNext('create', new Error('engine hiccup'));
    await manager.remove(holder, 'test');
    expect((await waiting).state).toBe('claimed');
  });
});

describe('the reaper', () => {
  it('removes an idle sandbox nobody is attached to, never one that is watched', async () => {
    const { manager, clock, removed } = setup();
    const idle = await manager.acquire(learner(), 'course/one', 'shell');
    const watched = await manager.acquire(learner(), 'course/one', 'shell');
    const detach = manager.attach(watched);
    clock.advance(10 * MINUTE);
    expect(await manager.reap()).toBe(1);
    expect(removed).toEqual([`${idle.id}:idle`]);
    detach();
    clock.advance(10 * MINUTE);
    expect(await manager.reap()).toBe(1);
    expect(manager.size).toBe(0);
  });

  it('warns once before the time-to-live ends, extends within the maximum lifetime, and ends it', async () => {
    const { manager, clock, expiring, runtime, removed } = setup();
    const s = await manager.acquire(learner(), 'course/one', 'shell');
    const detach = manager.attach(s);
    clock.advance(56 * MINUTE);
    await manager.reap();
    await manager.reap();
    expect(expiring).toEqual([s.id]);
    expect(manager.expiryNotice(s)).toMatch(/4 min/);
    const until = await manager.extend(s);
    expect(until).toBe(clock.now() + 60 * MINUTE);
    await manager.namesSettled();
    expect(parseName(runtime.containers.get(s.id)!.info.name).claim?.expiresAt).toBe(Math.ceil(until / 1000) * 1000);
    expect(manager.expiryNotice(s)).toBeUndefined();
    // Never past created + maximum lifetime (120 min).
    clock.advance(50 * MINUTE);
    expect(await manager.extend(s)).toBe(s.createdAt + 120 * MINUTE);
    clock.advance(20 * MINUTE);
    await manager.reap();
    expect(removed).toEqual([`${s.id}:expired`]);
    detach();
  });

  it('extends twice within one second (one learner, then the whole class) without renaming to the same name', async () => {
    const { manager, clock, runtime, records, warnings } = setup();
    const s = await manager.acquire(learner(), 'course/one', 'shell');
    clock.advance(MINUTE + 100);
    const first = await manager.extend(s);
    await manager.namesSettled();
    clock.advance(200);
    const second = await manager.extend(s);
    await manager.namesSettled();
    expect(second).toBe(first + 200);
    expect(parseName(runtime.containers.get(s.id)!.info.name).claim?.expiresAt).toBe(Math.ceil(second / 1000) * 1000);
    expect(parseName(records.names.get(s.suffix)!).claim?.expiresAt).toBe(Math.ceil(second / 1000) * 1000);
    expect(warnings).toEqual([]);
    expect(manager.namesPending).toBe(0);
  });

  it('replaces pool sandboxes nobody claimed within a time-to-live', async () => {
    const { manager, clock } = setup({ pool: { shell: 1 } });
    manager.fillPool();
    await manager.poolSettled();
    const stale = manager.pooled('shell')[0]!;
    clock.advance(61 * MINUTE);
    expect(await manager.reap()).toBe(1);
    await drain();
    await manager.poolSettled();
    expect(manager.pooled('shell').map((s) => s.id)).not.toContain(stale.id);
    expect(manager.pooled('shell')).toHaveLength(1);
  });
});

describe('reconcile after a restart', () => {
  it('adopts claims and current pool sandboxes, removes everything else', async () => {
    const first = setup({ pool: { shell: 1 } });
    const { runtime, clock, catalog } = first;
    const me = learner();
    const mine = await first.manager.acquire(me, 'course/one', 'shell');
    first.manager.fillPool();
    await first.manager.poolSettled();
    const pooled = first.manager.pooled('shell')[0]!;
    const shell = catalog.get('shell')!;
    const labels = (over: { createdAt?: number; spec?: string; profile?: string } = {}) =>
      toLabels({ instance: INSTANCE, profile: over.profile ?? 'shell', createdAt: over.createdAt ?? clock.now(), spec: over.spec ?? specFingerprint(shell.profile, shell.imageTag) });
    const claim = (suffix: string, lesson: string, expiresAt: number, who = learner()) => claimedName(poolName(INSTANCE, suffix), { learner: who, lessonKey: lessonKey(lesson), expiresAt });
    const expired = runtime.seed({ name: claim('aaaaaaaaaa', 'course/one', clock.now() - 1000), labels: labels() });
    const unknownLesson = runtime.seed({ name: claim('bbbbbbbbbb', 'gone/lesson', clock.now() + MINUTE), labels: labels() });
    const stopped = runtime.seed({ name: claim('cccccccccc', 'course/two', clock.now() + MINUTE), labels: labels(), running: false });
    const olderDuplicate = runtime.seed({ name: claim('dddddddddd', 'course/one', clock.now() + MINUTE, me), labels: labels({ createdAt: clock.now() - 1000 }) });
    const stalePool = runtime.seed({ name: poolName(INSTANCE, 'eeeeeeeeee'), labels: labels({ spec: 'old-spec' }) });
    const noProfile = runtime.seed({ name: poolName(INSTANCE, 'ffffffffff'), labels: labels({ profile: 'gpu' }) });
    const foreign = runtime.seed({ name: 'bx-other-1111111111', labels: toLabels({ instance: 'other', profile: 'shell', createdAt: clock.now() }) });

    clock.advance(1000);
    const second = setup({ pool: { shell: 1 } }, runtime);
    const result = await second.manager.reconcile();
    expect(result).toEqual({ adopted: 1, pooled: 1, removed: 6 });
    const adopted = second.manager.find(me, 'course/one')!;
    expect(adopted).toMatchObject({ id: mine.id, suffix: mine.suffix, hostname: mine.hostname, state: 'claimed', expiresAt: Math.ceil(mine.expiresAt / 1000) * 1000 });
    expect(second.manager.pooled('shell').map((s) => s.id)).toEqual([pooled.id]);
    for (const id of [expired, unknownLesson, stopped, olderDuplicate, stalePool, noProfile]) expect(runtime.containers.has(id)).toBe(false);
    expect(runtime.containers.has(foreign)).toBe(true);
    expect(second.manager.size).toBe(2);
  });
  it('adopts a claim recorded but not yet renamed when the server stopped, and renames it then', async () => {
    const first = setup({ pool: { shell: 2 } });
    first.manager.fillPool();
    await first.manager.poolSettled();
    const me = learner();
    first.runtime.failNext('rename', new Error('engine busy'));
    const mine = await first.manager.acquire(me, 'course/one', 'shell', { ttlMs: 30 * MINUTE });
    await first.manager.namesSettled();
    await drain();
    await first.manager.poolSettled();
    first.manager.stop();
    expect(parseName(first.runtime.containers.get(mine.id)!.info.name).claim).toBeUndefined();

    first.clock.advance(1000);
    const second = setup({ pool: { shell: 2 } }, first.runtime, first.records);
    expect(await second.manager.reconcile()).toEqual({ adopted: 1, pooled: 2, removed: 0 });
    const adopted = second.manager.find(me, 'course/one')!;
    expect(adopted).toMatchObject({ id: mine.id, suffix: mine.suffix, state: 'claimed', expiresAt: Math.ceil(mine.expiresAt / 1000) * 1000 });
    expect(second.manager.pooled('shell').map((s) => s.id)).not.toContain(mine.id);
    await second.manager.namesSettled();
    expect(parseName(first.runtime.containers.get(mine.id)!.info.name).claim).toMatchObject({ learner: me, lessonKey: lessonKey('course/one') });
    expect(adopted.name).toBe(mine.name);
    expect(adopted.engineName).toBe(first.runtime.containers.get(mine.id)!.info.name);
  });

  it('never pools for someone else a sandbox whose claim record cannot be read: it is removed', async () => {
    const first = setup({ pool: { shell: 2 } });
    first.manager.fillPool();
    await first.manager.poolSettled();
    const me = learner();
    first.runtime.failNext('rename', new Error('engine busy'));
    const mine = await first.manager.acquire(me, 'course/one', 'shell', { ttlMs: 30 * MINUTE });
    await first.manager.namesSettled();
    await drain();
    await first.manager.poolSettled();
    first.manager.stop();
    // Still a pool name in the engine; its claim only in a record the next server cannot read (moved, no permission).
    expect(parseName(first.runtime.containers.get(mine.id)!.info.name).claim).toBeUndefined();
    first.records.unreadable.add(mine.suffix);

    first.clock.advance(1000);
    const second = setup({ pool: { shell: 3 } }, first.runtime, first.records);
    const result = await second.manager.reconcile();
    expect(result.adopted).toBe(0);
    expect(second.manager.pooled('shell').map((s) => s.id)).not.toContain(mine.id);
    expect(first.runtime.containers.has(mine.id)).toBe(false);
    const other = await second.manager.acquire(learner(), 'course/one', 'shell');
    expect(other.id).not.toBe(mine.id);
  });

  it('forgets the claim records of sandboxes that are gone', async () => {
    const first = setup({ pool: { shell: 1 } });
    first.manager.fillPool();
    await first.manager.poolSettled();
    const me = learner();
    const mine = await first.manager.acquire(me, 'course/one', 'shell');
    expect(first.records.names.has(mine.suffix)).toBe(true);
    first.records.names.set('gone000000', 'bx-unit-gone000000');
    await first.manager.remove(mine, 'test');
    expect(first.records.names.has(mine.suffix)).toBe(false);
    first.manager.stop();
    await setup({}, first.runtime, first.records).manager.reconcile();
    expect(first.records.names.has('gone000000')).toBe(false);
  });

  it('reads an extension from the claim record when the name still has the older expiry', async () => {
    const first = setup();
    const me = learner();
    const mine = await first.manager.acquire(me, 'course/one', 'shell');
    first.clock.advance(30 * MINUTE);
    first.runtime.failNext('rename', new Error('engine busy'));
    const until = await first.manager.extend(mine);
    await first.manager.namesSettled();
    first.manager.stop();
    const second = setup({}, first.runtime, first.records);
    expect(await second.manager.reconcile()).toMatchObject({ adopted: 1 });
    expect(second.manager.find(me, 'course/one')?.expiresAt).toBe(Math.ceil(until / 1000) * 1000);
  });
});
