/**
 * Keeps every profile's pool of started sandboxes at its size, in the background, without taking a slot a queued
 * learner could use: it makes one only while nobody waits and the global limit has room.
 */
import type { WaitQueue } from '../domain/wait-queue.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { HostPressure } from './host-pressure.ts';
import type { Inventory } from './inventory.ts';
import type { Log, SandboxFactory } from './sandbox-factory.ts';
import type { PooledSandbox } from './sandbox.ts';

export interface WarmPoolOptions {
  runtime: SandboxRuntime;
  catalog: ProfileCatalog;
  inventory: Inventory;
  factory: SandboxFactory;
  queue: WaitQueue;
  pressure: HostPressure;
  maxSandboxes: number;
  log: Log;
  /** Warm a sandbox further before it joins the pool (ManagerEvents.pooled). */
  events?: { pooled?: ((sandbox: PooledSandbox) => Promise<void>) | undefined } | undefined;
}

export class WarmPool {
  private readonly opts: WarmPoolOptions;
  private filling = false;
  private stopped = false;
  /** Extra sizes by profile and reason (a workshop's pre-warm); the pool keeps the largest. */
  private readonly targets = new Map<string, Map<string, number>>();
  /** The fill running now, for tests and shutdown to wait on. */
  private current: Promise<void> = Promise.resolve();

  constructor(options: WarmPoolOptions) {
    this.opts = options;
  }

  setTarget(profile: string, reason: string, count: number): void {
    const byReason = this.targets.get(profile) ?? new Map<string, number>();
    if (count > 0) byReason.set(reason, count);
    else byReason.delete(reason);
    this.targets.set(profile, byReason);
  }

  /** How many of a profile the pool keeps: its configured size, or a larger target. */
  sizeOf(profile: string, configured: number): number {
    return Math.max(configured, ...(this.targets.get(profile)?.values() ?? []));
  }

  /** Start filling unless a fill is already running (it sees whatever changed meanwhile). */
  fill(): void {
    if (this.filling || this.stopped) return;
    this.filling = true;
    this.current = this.fillAll()
      .catch((err: unknown) => this.opts.log.error({ err }, 'could not fill the warm pool; will retry'))
      .finally(() => (this.filling = false));
  }

  /** Resolves when the fill running now (if any) is over. */
  settled(): Promise<void> {
    return this.current;
  }

  /** No more filling (server shutdown); pooled sandboxes stay for the next start to adopt. */
  stop(): void {
    this.stopped = true;
  }

  private hasRoom(profile: string, size: number): boolean {
    const { inventory, queue, maxSandboxes } = this.opts;
    return !this.stopped && inventory.pool(profile).length < size && inventory.size < maxSandboxes && queue.length === 0;
  }

  private async fillAll(): Promise<void> {
    const { inventory, factory, log } = this.opts;
    for (const [name, entry] of this.opts.catalog) {
      while (this.hasRoom(name, this.sizeOf(name, entry.pool))) {
        // Counted from the check above until it is in the pool, its warm-up included.
        const slot = inventory.reserve();
        try {
          if (await this.opts.pressure.reason()) return;
          const sandbox = await factory.createPooled(name);
          // A pool sandbox is only worth having once its services are up (the docker profile's engine).
          const ready = await waitUntilReady(this.opts.runtime, sandbox.id, sandbox.profile).then(
            () => true,
            (err: unknown) => (log.warn({ sandbox: sandbox.id, err }, 'pool sandbox did not get ready; removed'), false),
          );
          if (this.stopped || !ready) {
            await factory.destroy(sandbox).catch(() => inventory.addUnremoved(sandbox));
            return;
          }
          await this.opts.events?.pooled?.(sandbox).catch((err: unknown) => log.warn({ sandbox: sandbox.id, err }, 'could not start the pool sandbox\'s shell ahead'));
          inventory.addPooled(sandbox);
        } finally {
          slot.release();
          // A learner who queued while it warmed up can have it; or, when it failed, the slot it held.
          this.opts.queue.wakeOne();
        }
      }
    }
  }
}
