/**
 * Writes recorded claims into the containers' names, in the background, a few at a time (claim-records.ts says
 * why). The name is worked out when its turn comes, so a claim extended meanwhile is named once, with its latest
 * expiry. A rename that fails keeps its claim (the record has it) and is tried again at the next reaper round;
 * after a few failures it is logged as an error. A sandbox no longer held is not renamed.
 */
import type { Log } from './sandbox-factory.ts';
import type { ClaimedSandbox } from './sandbox.ts';

export interface ClaimNamesOptions {
  /** Give the container its claimed name (nothing when it has it already); returns the name the engine now has. */
  rename(sandbox: ClaimedSandbox): Promise<string>;
  /** The manager still holds it (it was not removed meanwhile). */
  isHeld(sandbox: ClaimedSandbox): boolean;
  log: Log;
  /** Renames at once: each is an engine call, and the engine also serves the pool's creations and the checks. */
  concurrency?: number;
}

/** After this many failed attempts a rename is reported as an error (it is still tried each round). */
export const RENAME_FAILURES_REPORTED = 3;

export class ClaimNames {
  private readonly opts: ClaimNamesOptions;
  private readonly concurrency: number;
  /** Waiting for their turn, in the order they were claimed. */
  private readonly queued = new Set<ClaimedSandbox>();
  private readonly running = new Set<ClaimedSandbox>();
  /** Failed, with the number of attempts so far, until the next retry round. */
  private readonly failed = new Map<ClaimedSandbox, number>();
  private readonly attempts = new Map<ClaimedSandbox, number>();
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(options: ClaimNamesOptions) {
    this.opts = options;
    this.concurrency = options.concurrency ?? 2;
  }

  /** Claims recorded but not yet (or not successfully) in their container's name. */
  get pending(): number {
    return this.queued.size + this.running.size + this.failed.size;
  }

  /** Name this sandbox after its claim, soon. */
  queue(sandbox: ClaimedSandbox): void {
    if (this.stopped) return;
    this.failed.delete(sandbox);
    this.queued.add(sandbox);
    this.pump();
  }

  /** Try the failed ones again (the reaper's round). */
  retryFailed(): void {
    for (const sandbox of [...this.failed.keys()]) this.queue(sandbox);
  }

  /** Resolves when nothing is queued or running (failed ones wait for a retry round). */
  settled(): Promise<void> {
    if (this.queued.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** No more renames (server shutdown): the records stay, and the next server names them after reconcile. */
  stop(): void {
    this.stopped = true;
    this.queued.clear();
    this.failed.clear();
    this.wakeIfIdle();
  }

  private pump(): void {
    for (const sandbox of [...this.queued]) {
      if (this.running.size >= this.concurrency) break;
      // One rename of a sandbox at a time: queued again while renamed, it waits for the one running.
      if (this.running.has(sandbox)) continue;
      this.queued.delete(sandbox);
      if (!this.opts.isHeld(sandbox)) {
        this.attempts.delete(sandbox);
        continue;
      }
      this.running.add(sandbox);
      void this.nameOne(sandbox).finally(() => {
        this.running.delete(sandbox);
        if (!this.stopped) this.pump();
        this.wakeIfIdle();
      });
    }
    this.wakeIfIdle();
  }

  private async nameOne(sandbox: ClaimedSandbox): Promise<void> {
    try {
      sandbox.engineName = await this.opts.rename(sandbox);
      this.attempts.delete(sandbox);
    } catch (err) {
      if (!this.opts.isHeld(sandbox) || this.stopped) return void this.attempts.delete(sandbox);
      const attempts = (this.attempts.get(sandbox) ?? 0) + 1;
      this.attempts.set(sandbox, attempts);
      if (!this.queued.has(sandbox)) this.failed.set(sandbox, attempts);
      const facts = { sandbox: sandbox.id, learner: sandbox.learner, attempts, err };
      // The learner keeps the sandbox either way: its claim is recorded, only the engine's name lags.
      if (attempts >= RENAME_FAILURES_REPORTED) this.opts.log.error(facts, 'a claimed sandbox could not be renamed after its claim; its claim file still holds it');
      else this.opts.log.warn(facts, 'could not rename a claimed sandbox; will retry');
    }
  }

  private wakeIfIdle(): void {
    if (this.running.size > 0 || (this.queued.size > 0 && !this.stopped)) return;
    const waiting = this.idle;
    this.idle = [];
    waiting.forEach((resolve) => resolve());
  }
}
