/**
 * The workshop rehearsal: its verdict and pool advice (pure), the simulated learner's typing, and its rules against
 * the real SandboxManager over the in-memory engine, with shells that answer at once: figures, everything removed,
 * one at a time, never while learners wait, and stopping when one comes to wait. The real engine's test is
 * tests/integration/workshop-rehearsal.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { lessonKeyMap } from '../../server/sandbox/claims.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { RateLimiter } from '../../server/domain/rate-limit.ts';
import { profileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { SandboxManager } from '../../server/sessions/sandbox-manager.ts';
import type { WorkshopRecord } from '../../server/store/workshop-store.ts';
import { Rehearsals, type RehearsalTerminal } from '../../server/workshops/rehearsal.ts';
import { judgeBurst, percentile, ttfpTargetMs, type Arrival } from '../../server/workshops/rehearsal-verdict.ts';
import { atPrompt, typeCommands } from '../../server/workshops/simulated-learner.ts';
import { MemoryClaimRecords } from '../fakes/memory-claim-records.ts';
import { MemoryRuntime } from '../fakes/memory-runtime.ts';

const LESSON = 'course/one';
const PROMPT = 'learner@box-1:~$ \x1b[?2004h';

/** A shell that prints its prompt when `ready` resolves and echoes every key on the next turn. */
class FakeShell implements RehearsalTerminal {
  bytes = 0;
  tail = '';
  closed = false;
  readonly typed: string[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(ready: Promise<void> = Promise.resolve()) {
    void ready.then(() => this.print(PROMPT));
  }

  type(keys: string): void {
    this.typed.push(keys);
    setImmediate(() => this.print(keys === '\r' ? `\r\nsome output\r\n${PROMPT}` : keys));
  }

  until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done() || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      const check = () => {
        if (!done() && !this.closed) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.closed = true;
    for (const w of [...this.waiters]) w();
  }

  private print(text: string): void {
    if (this.closed) return;
    this.bytes += text.length;
    this.tail = (this.tail + text).slice(-512);
    for (const w of [...this.waiters]) w();
  }
}

const arrival = (ttfpMs: number | undefined, fromPool = false, error?: string): Arrival => ({ ttfpMs, fromPool, error });
const memory = { beforeMb: 8000, lowestMb: 7000, reserveMb: 512 };

describe('the rehearsal verdict', () => {
  it('holds the issue targets: 1 s for 30 learners, 3 s for 100, the line between', () => {
    expect(ttfpTargetMs(3)).toBe(1000);
    expect(ttfpTargetMs(30)).toBe(1000);
    expect(ttfpTargetMs(65)).toBe(2000);
    expect(ttfpTargetMs(100)).toBe(3000);
    expect(ttfpTargetMs(150)).toBe(3000);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([], 99)).toBeNaN();
  });

  it('holds when every learner is at a prompt in time, typing echoes fast and memory stays above the reserve', () => {
    const v = judgeBurst({ arrivals: Array.from({ length: 30 }, () => arrival(400, true)), echoMs: [2, 3, 40], memory, hostCanHold: 80 });
    expect(v.holds).toBe(true);
    expect(v.reasons).toEqual([]);
    // Every learner came from the pool: that pool is what held.
    expect(v.poolSize).toBe(30);
  });

  it('says what missed: slow prompts, slow echo, memory under the reserve, learners with no prompt', () => {
    const v = judgeBurst({
      arrivals: [arrival(900), arrival(4000), arrival(undefined, false, 'No new sandbox can start right now')],
      echoMs: [5, 300],
      memory: { beforeMb: 2000, lowestMb: 300, reserveMb: 512 },
      hostCanHold: 10,
    });
    expect(v.holds).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/1 of 3 learners got no prompt \(No new sandbox/);
    expect(v.reasons.join('\n')).toMatch(/4000 ms at p99, over the 1000 ms target/);
    expect(v.reasons.join('\n')).toMatch(/echoed in 300 ms/);
    expect(v.reasons.join('\n')).toMatch(/fell to 300 MiB/);
  });

  it('advises a pool of every learner the host could not start from nothing within the target', () => {
    // 30 arrivals: 2 from the pool, 28 cold, of which 6 were at a prompt within a second.
    const arrivals = [arrival(80, true), arrival(90, true), ...Array.from({ length: 28 }, (_, i) => arrival(i < 6 ? 700 : 1500 + i * 100))];
    const v = judgeBurst({ arrivals, echoMs: [3], memory, hostCanHold: 100 });
    expect(v.holds).toBe(false);
    expect(v.poolSize).toBe(24);
    expect(v.poolFits).toBe(true);
    expect(v.advice).toMatch(/Pre-warm at least 24 sandboxes/);
    const small = judgeBurst({ arrivals, echoMs: [3], memory, hostCanHold: 12 });
    expect(small.poolFits).toBe(false);
    expect(small.advice).toMatch(/more than the 12 this host can promise/);
    const fast = judgeBurst({ arrivals: Array.from({ length: 5 }, () => arrival(300)), echoMs: [3], memory, hostCanHold: 0 });
    expect(fast.poolSize).toBe(0);
    expect(fast.advice).toMatch(/no pre-warm is needed/);
  });
});

describe('the simulated learner', () => {
  it('types each command a key at a time, times every echo, and waits for the prompt after Enter', async () => {
    const shell = new FakeShell();
    await shell.until(() => atPrompt(shell.tail), 1000);
    const echoes = await typeCommands(shell, ['ls', 'id'], { keyGapMs: 0, timeoutMs: 1000 });
    expect(echoes).toHaveLength(4);
    expect(echoes.every((ms) => ms >= 0 && ms < 1000)).toBe(true);
    expect(shell.typed).toEqual(['l', 's', '\r', 'i', 'd', '\r']);
    expect(atPrompt(shell.tail)).toBe(true);
  });

  it('fails, not hangs, when the terminal closes', async () => {
    const shell = new FakeShell(new Promise(() => undefined));
    const typing = typeCommands(shell, ['ls'], { keyGapMs: 0, timeoutMs: 5000 });
    shell.close();
    await expect(typing).rejects.toThrow(/closed/);
  });
});

function setup(maxSandboxes: number, pool = 0) {
  const clock = new ManualClock(Date.UTC(2026, 11, 7));
  const runtime = new MemoryRuntime();
  const limits = { memoryMb: 256, cpus: 0.5, pids: 128, runtime: undefined };
  const { profiles } = profileCatalog(
    {
      shell: limits,
      docker: { ...limits, elevated: true, storageMb: 512, registryUpstream: undefined },
      vm: { ...limits, kvm: 'off' },
      pool: { shell: pool, docker: 0, vm: 0 },
      instance: 'unit',
      extraLabels: {},
    },
    (image) => `boxlab/${image}:test`,
  );
  const manager = new SandboxManager({
    runtime,
    clock,
    instance: 'unit',
    extraLabels: {},
    idleTimeoutMs: 600_000,
    ttlMs: 3_600_000,
    maxLifetimeMs: 7_200_000,
    expiryWarningMs: 300_000,
    maxSandboxes,
    maxPerLearner: 3,
    queueTimeoutMs: 60_000,
    catalog: profiles,
    lessonKeys: lessonKeyMap([LESSON]),
    rateLimiter: new RateLimiter({ burst: 100, perMinute: 100 }, clock),
    pressure: { reason: async () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    agentDirs: { prepare: async (s) => `/agents/${s}`, release: async () => undefined, prune: async () => 0, claimsDir: "/agents/.claims" },
    claimRecords: new MemoryClaimRecords(),
  });
  let ready: Promise<void> = Promise.resolve();
  const shells: FakeShell[] = [];
  const rehearsals = new Rehearsals({
    manager,
    catalog: profiles,
    lessonNeeds: () => ({ profile: 'shell', network: 'none' }),
    openTerminal: async () => {
      const shell = new FakeShell(ready);
      shells.push(shell);
      return shell;
    },
    availableMemoryMb: async () => 8000,
    minFreeMemoryMb: 512,
    maxSandboxes,
    keyGapMs: 0,
  });
  const workshop = { id: 'w1', lessons: [LESSON] } as WorkshopRecord;
  return { manager, runtime, rehearsals, workshop, shells, holdPrompts: (p: Promise<void>) => (ready = p) };
}

/** Wait for a condition the manager reaches after a few turns of the event loop (bounded). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}

describe('a rehearsal against the manager', () => {
  it('answers with the figures and removes every rehearsal sandbox', async () => {
    const { manager, runtime, rehearsals, workshop, shells } = setup(10, 2);
    manager.fillPool();
    await manager.poolSettled();
    const result = await rehearsals.run(workshop, 4);
    expect(result.learners).toBe(4);
    expect(result.failures).toBe(0);
    expect(result.ttfpMs.n).toBe(4);
    expect(result.echoMs.n).toBe(4 * 'echo readyls -a ~hostname'.length);
    expect(result.pool).toEqual({ before: 2, used: 2 });
    expect(result.removed).toBe(4);
    expect(result.verdict.holds).toBe(true);
    expect(shells.every((s) => s.closed)).toBe(true);
    // Nobody's sandbox is left; only the pool, refilled.
    await manager.poolSettled();
    expect(manager.list()).toEqual([]);
    expect(runtime.containers.size).toBe(manager.pooled('shell').length);
    expect(rehearsals.status()).toMatchObject({ state: 'done', learners: 4, prompted: 4, typed: 4, removed: 4 });
  });

  it('runs one at a time, and refuses more learners than the server has room for', async () => {
    const { rehearsals, workshop, holdPrompts } = setup(5);
    let release!: () => void;
    holdPrompts(new Promise((r) => (release = r)));
    const first = rehearsals.run(workshop, 2);
    await expect(rehearsals.run(workshop, 1)).rejects.toMatchObject({ code: 'rehearsal_busy' });
    expect(rehearsals.status()).toMatchObject({ state: 'running', learners: 2 });
    release();
    expect((await first).failures).toBe(0);
    await expect(rehearsals.run(workshop, 6)).rejects.toMatchObject({ code: 'capacity', message: /room for 5 more/ });
  });

  it('refuses while learners wait for a sandbox, and stops to give their places back when one comes to wait', async () => {
    const { manager, rehearsals, workshop, holdPrompts } = setup(2);
    const learner = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const one = await manager.acquire(learner(1), LESSON, 'shell');
    await manager.acquire(learner(2), LESSON, 'shell');
    const waiting = manager.acquire(learner(3), LESSON, 'shell');
    await until(() => manager.queued === 1);
    await expect(rehearsals.run(workshop, 1)).rejects.toMatchObject({ code: 'host_busy', message: /1 learners are waiting/ });
    await manager.remove(one, 'test');
    await waiting;
    for (const s of manager.list()) await manager.remove(s, 'test');

    // A rehearsal holding every place, its shells not at a prompt yet; then a learner comes and waits.
    holdPrompts(new Promise(() => undefined));
    const running = rehearsals.run(workshop, 2);
    await until(() => rehearsals.status().acquired === 2);
    expect(manager.list()).toHaveLength(2);
    const late = manager.acquire(learner(4), LESSON, 'shell');
    const result = await running;
    expect(result.stopped).toMatch(/learners came to wait/);
    expect(result.verdict.holds).toBe(false);
    expect(result.removed).toBe(2);
    // The learner got a place the rehearsal gave back.
    expect((await late).learner).toBe(learner(4));
    expect(manager.list().map((s) => s.learner)).toEqual([learner(4)]);
  });
});
