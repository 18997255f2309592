import { describe, expect, it } from 'vitest';
import { EchoCanary, type CanaryHost, type CanaryTerminal } from '../../server/observability/canary.ts';

/** A shell that echoes each keystroke `echoMs` after it is typed (on the clock the test moves), or never. */
class FakeShell implements CanaryTerminal {
  bytes = 0;
  closed = false;
  typed: string[] = [];
  echoes = true;
  private waiters: { done: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly clock: { t: number };
  private readonly echoMs: number;
  constructor(clock: { t: number }, echoMs: number) {
    this.clock = clock;
    this.echoMs = echoMs;
  }
  type(keys: string): void {
    this.typed.push(keys);
    if (!this.echoes) {
      // No echo: the wait times out (the fake gives up at once instead of waiting the timeout out).
      queueMicrotask(() => this.waiters.splice(0).forEach((w) => w.reject(new Error('timeout'))));
      return;
    }
    queueMicrotask(() => {
      this.clock.t += this.echoMs;
      this.bytes += keys.length;
      for (const w of this.waiters.splice(0)) w.done() ? w.resolve() : this.waiters.push(w);
    });
  }
  until(done: () => boolean, _timeoutMs: number): Promise<void> {
    if (done() || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ done, resolve, reject }));
  }
  close(): void {
    this.closed = true;
  }
}

function setup(echoMs = 3) {
  const clock = { t: 0 };
  const state = { learners: true, opened: 0, released: 0, shells: [] as FakeShell[], failOpen: false };
  const host: CanaryHost = {
    wanted: () => state.learners,
    async open() {
      if (state.failOpen) throw new Error('no sandbox');
      state.opened++;
      const shell = new FakeShell(clock, echoMs);
      state.shells.push(shell);
      return shell;
    },
    async release() {
      state.released++;
    },
  };
  const echoes: number[] = [];
  const failures: string[] = [];
  const canary = new EchoCanary(host, {
    intervalMs: 1000,
    timeoutMs: 500,
    now: () => clock.t,
    echoed: (ms) => echoes.push(ms),
    failed: (reason) => failures.push(reason),
    log: { warn: () => undefined },
  });
  return { canary, state, echoes, failures };
}

describe('echo canary', () => {
  it('times one keystroke’s echo per round through one shell, and clears the line after it', async () => {
    const { canary, state, echoes } = setup(4);
    await canary.tick();
    await canary.tick();
    expect(echoes).toEqual([4, 4]);
    expect(state.opened).toBe(1);
    expect(state.shells[0]!.typed).toEqual(['x', '\x15', 'x', '\x15']);
  });

  it('holds no shell and no sandbox while no learner is there', async () => {
    const { canary, state, echoes } = setup();
    await canary.tick();
    state.learners = false;
    await canary.tick();
    expect(state.shells[0]!.closed).toBe(true);
    expect(state.released).toBe(1);
    await canary.tick();
    expect(state.opened).toBe(1);
    expect(echoes).toHaveLength(1);
  });

  it('counts a lost echo and opens its shell afresh next round', async () => {
    const { canary, state, echoes, failures } = setup();
    await canary.tick();
    state.shells[0]!.echoes = false;
    await canary.tick();
    expect(failures).toEqual(['timeout']);
    expect(state.shells[0]!.closed).toBe(true);
    await canary.tick();
    expect(state.opened).toBe(2);
    expect(echoes).toHaveLength(2);
  });

  it('counts a shell it could not open, and gives back what it may hold', async () => {
    const { canary, state, failures } = setup();
    state.failOpen = true;
    await canary.tick();
    expect(failures).toEqual(['open']);
    expect(state.released).toBe(1);
  });

  it('starts no timer at interval 0', () => {
    const off = new EchoCanary(
      { wanted: () => true, open: () => Promise.reject(new Error('must not open')), release: async () => undefined },
      { intervalMs: 0, timeoutMs: 1, now: () => 0, echoed: () => undefined, failed: () => undefined, log: { warn: () => undefined } },
    );
    off.start();
    expect((off as unknown as { timer: unknown }).timer).toBeUndefined();
  });
});
