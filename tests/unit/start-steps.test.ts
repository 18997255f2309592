/**
 * The start steps a learner sees before the first prompt: their sentences, the order one socket reports them in,
 * and which ones the sandbox manager goes through (queue, creating, the docker engine, the lesson's setup).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ordinal, stepLine, stepSentence, type StartStep } from '../../server/contracts/start-steps.ts';
import { decodeServerControl, encodeControl, type ServerControl } from '../../server/contracts/terminal-protocol.ts';
import { errorCodes } from '../../server/contracts/errors.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { RateLimiter } from '../../server/domain/rate-limit.ts';
import { lessonKeyMap } from '../../server/sandbox/claims.ts';
import { profileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { SandboxManager, type ManagerOptions } from '../../server/sessions/sandbox-manager.ts';
import { StartSequence } from '../../server/terminal/socket/start-sequence.ts';
import { MemoryRuntime } from '../fakes/memory-runtime.ts';

describe('step sentences', () => {
  it('says the place in line as an ordinal', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
    expect(stepSentence('queued', 3)).toBe('Waiting for a free place (3rd in line)');
    expect(stepSentence('engine')).toBe('Starting Docker inside it');
  });

  it('adds the elapsed time: tenths under 10 s, whole seconds after', () => {
    expect(stepLine('Creating your sandbox', 1234)).toBe('Creating your sandbox · 1.2 s');
    expect(stepLine('Waiting for a free place', 12_900)).toBe('Waiting for a free place · 12 s');
    expect(stepLine('x', -5)).toBe('x · 0.0 s');
  });

  it('travels as a control frame that a client decodes', () => {
    const frame: ServerControl = { type: 'step', step: 'queued', message: stepSentence('queued', 2), place: 2 };
    expect(decodeServerControl(encodeControl(frame))).toEqual({ ok: true, value: frame });
    expect(decodeServerControl('{"type":"step","step":"boiling","message":"x"}').ok).toBe(false);
  });
});

describe('one socket reports steps in order', () => {
  const sent = () => {
    const frames: ServerControl[] = [];
    return { frames, seq: new StartSequence((m) => frames.push(m)) };
  };
  const names = (frames: ServerControl[]) => frames.map((f) => (f.type === 'step' ? `${f.step}${f.place ?? ''}` : f.type));

  it('says each step once, the queue again when the place changes', () => {
    const { frames, seq } = sent();
    seq.report('queued', 3);
    seq.report('queued', 3);
    seq.report('queued', 2);
    seq.report('creating');
    seq.report('creating');
    seq.report('engine');
    seq.report('shell');
    expect(names(frames)).toEqual(['queued3', 'queued2', 'creating', 'engine', 'shell']);
  });

  it('never goes back, and says nothing once attached', () => {
    const { frames, seq } = sent();
    expect(seq.report('engine')).toBe(true);
    // A late queue place (a second tab's shared acquire) is not news any more.
    expect(seq.report('queued', 1)).toBe(false);
    expect(seq.report('creating')).toBe(false);
    seq.finish();
    expect(seq.report('shell')).toBe(false);
    expect(names(frames)).toEqual(['engine']);
  });
});

const LESSON = 'course/one';

function managerWith(runtime: MemoryRuntime, overrides: Partial<ManagerOptions> & { dockerPool?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 7));
  const limits = { memoryMb: 256, cpus: 0.5, pids: 128, runtime: undefined };
  const { profiles } = profileCatalog(
    {
      shell: limits,
      docker: { ...limits, elevated: true, storageMb: 512, registryUpstream: undefined },
      vm: { ...limits, kvm: 'off' },
      pool: { shell: 0, docker: overrides.dockerPool ?? 0, vm: 0 },
      instance: 'unit',
      extraLabels: {},
    },
    (image) => `boxlab/${image}:test`,
  );
  const removed: string[] = [];
  const manager = new SandboxManager({
    runtime,
    clock,
    instance: 'unit',
    extraLabels: {},
    idleTimeoutMs: 600_000,
    ttlMs: 3_600_000,
    maxLifetimeMs: 7_200_000,
    expiryWarningMs: 300_000,
    maxSandboxes: 10,
    maxPerLearner: 3,
    queueTimeoutMs: 60_000,
    queuePlaceKeptMs: 0,
    catalog: profiles,
    lessonKeys: lessonKeyMap([LESSON]),
    rateLimiter: new RateLimiter({ burst: 100, perMinute: 100 }, clock),
    pressure: { reason: async () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    agentDirs: { prepare: async (s) => `/agents/${s}`, release: async () => undefined, prune: async () => 0, claimsDir: "/agents/.claims" },
    events: {
      removed: (_s, reason) => void removed.push(reason),
      // As the lesson setup hook: a lesson with a setup script says so.
      claimed: async (_s, onStep) => onStep?.('setup'),
    },
    ...overrides,
  });
  return { manager, removed };
}

/** Whether the docker profile's engine marker exists, per container, as the fake engine answers `test -e`. */
function engineMarker(runtime: MemoryRuntime, ready: (id: string) => boolean): string[] {
  const asked: string[] = [];
  runtime.execResult = (id, cmd) => {
    if (cmd[0] === 'test' && cmd[2] === '/run/boxlab/engine-ready') {
      asked.push(id);
      return { exitCode: ready(id) ? 0 : 1, output: '', timedOut: false };
    }
    return { exitCode: 0, output: '', timedOut: false };
  };
  return asked;
}

describe('the manager goes through the steps', () => {
  it('a fresh docker sandbox: creating, its engine (until the marker appears), the setup', async () => {
    const runtime = new MemoryRuntime();
    let polls = 0;
    engineMarker(runtime, () => ++polls >= 3);
    const { manager } = managerWith(runtime);
    const steps: StartStep[] = [];
    const sandbox = await manager.acquire(randomUUID(), LESSON, 'docker', { onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['creating', 'engine', 'setup']);
    expect(polls).toBe(3);
    expect(manager.list()).toEqual([sandbox]);
  });

  it('a shell sandbox has no engine to wait for', async () => {
    const runtime = new MemoryRuntime();
    const asked = engineMarker(runtime, () => false);
    const { manager } = managerWith(runtime);
    const steps: StartStep[] = [];
    await manager.acquire(randomUUID(), LESSON, 'shell', { onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['creating', 'setup']);
    expect(asked).toEqual([]);
  });

  it('a pooled docker sandbox is ready already: no creating, no engine', async () => {
    const runtime = new MemoryRuntime();
    engineMarker(runtime, () => true);
    const { manager } = managerWith(runtime, { dockerPool: 1 });
    manager.fillPool();
    await manager.poolSettled();
    expect(manager.pooled('docker')).toHaveLength(1);
    const steps: StartStep[] = [];
    await manager.acquire(randomUUID(), LESSON, 'docker', { onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['setup']);
  });

  it('an engine that never starts: the sandbox goes, and the learner is told why and that it retries', async () => {
    const runtime = new MemoryRuntime();
    engineMarker(runtime, () => false);
    const { manager, removed } = managerWith(runtime, { serviceTimeoutMs: 50 });
    const steps: StartStep[] = [];
    const failure = await manager.acquire(randomUUID(), LESSON, 'docker', { onStep: (s) => steps.push(s) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: errorCodes.SANDBOX_FAILED, message: expect.stringMatching(/^Docker did not start inside your sandbox.*tries again/) });
    expect(steps).toEqual(['creating', 'engine']);
    expect(removed).toEqual(['its service did not start']);
    expect(manager.list()).toEqual([]);
    expect(runtime.containers.size).toBe(0);
  });

  it('a second call joining a start already under way hears the step it is at', async () => {
    const runtime = new MemoryRuntime();
    engineMarker(runtime, () => true);
    const { manager } = managerWith(runtime);
    const me = randomUUID();
    const first: StartStep[] = [];
    const second: StartStep[] = [];
    const release = runtime.hold('create');
    const a = manager.acquire(me, LESSON, 'docker', { onStep: (s) => first.push(s) });
    for (let i = 0; i < 200 && runtime.waitingAt('create') === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const b = manager.acquire(me, LESSON, 'docker', { onStep: (s) => second.push(s) });
    expect(second).toEqual(['creating']);
    release();
    expect(await a).toBe(await b);
    expect(first).toEqual(['creating', 'engine', 'setup']);
    expect(second).toEqual(['creating', 'engine', 'setup']);
  });
});
