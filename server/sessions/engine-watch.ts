/**
 * Sandboxes that stop under the server: the engine restarted without live-restore, was upgraded, or a container
 * was killed. Every `intervalMs` while the server holds sandboxes it lists this instance's containers (one cheap
 * engine call; none while it holds nothing) and removes from the books, through `remove`, every held sandbox that
 * is gone or no longer running: its learner is told (the manager's `removed` event ends their terminal with the
 * reason) and gets a fresh sandbox when they reload, and the pool refills. While the engine does not answer it
 * says so once and waits; the first answer after is checked at once. Running shells are not its business:
 * terminals go through the agents' sockets, not the engine.
 */
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { instanceFilter } from '../sandbox/labels.ts';
import type { Log } from './sandbox-factory.ts';
import type { ClaimedSandbox, PooledSandbox } from './sandbox.ts';

export interface EngineWatchDeps {
  runtime: Pick<SandboxRuntime, 'list'>;
  instance: string;
  /** Every sandbox in the books (claimed and pooled). */
  held(): (ClaimedSandbox | PooledSandbox)[];
  remove(sandbox: ClaimedSandbox | PooledSandbox, reason: string): Promise<void>;
  /** Start pool sandboxes again up to their targets. */
  refill(): void;
  intervalMs: number;
  log: Log;
}

/** The reason a learner reads: "Your sandbox was removed (<reason>). Reload the page for a fresh one." */
export const STOPPED_REASON = 'it stopped under the server, e.g. when the Docker engine restarted';

export class EngineWatch {
  private readonly deps: EngineWatchDeps;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;
  /** The engine did not answer the last call. */
  away = false;

  constructor(deps: EngineWatchDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.timer || this.deps.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.check(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look; resolves with how many stopped sandboxes it removed. A look still running is not started twice. */
  check(): Promise<number> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<number> {
    const held = this.deps.held();
    if (held.length === 0 && !this.away) return 0;
    let found;
    try {
      found = await this.deps.runtime.list(instanceFilter(this.deps.instance));
    } catch (err) {
      if (!this.away) this.deps.log.warn({ err }, 'the Docker engine does not answer; sandboxes are checked again once it does (running shells go on)');
      this.away = true;
      return 0;
    }
    if (this.away) this.deps.log.info({}, 'the Docker engine answers again');
    this.away = false;
    const running = new Set(found.filter((c) => c.running).map((c) => c.id));
    // Books read again after the await: a sandbox removed meanwhile is not removed twice.
    const stopped = this.deps.held().filter((s) => held.includes(s) && !running.has(s.id));
    if (stopped.length === 0) return 0;
    this.deps.log.warn({ sandboxes: stopped.map((s) => s.name) }, `${stopped.length} sandbox(es) stopped under the server: removed, their learners told; the pool refills`);
    await Promise.all(stopped.map((s) => this.deps.remove(s, STOPPED_REASON).catch((err: unknown) => this.deps.log.warn({ err, sandbox: s.name }, 'could not remove a stopped sandbox'))));
    this.deps.refill();
    return stopped.length;
  }
}
