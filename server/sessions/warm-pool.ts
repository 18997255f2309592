/**
 * Keeps every profile's pool of started sandboxes at its size, and the warm labs asked for (lab.ts WarmLab), in the
 * background, without taking a slot a queued learner could use: it makes one only while nobody waits and the global
 * limit has room (for every node of a lab).
 */
import type { WaitQueue } from '../domain/wait-queue.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { HostPressure } from './host-pressure.ts';
import type { Inventory } from './inventory.ts';
import type { Log, SandboxFactory } from './sandbox-factory.ts';
import { shapeKey, type LabShape } from './lab.ts';
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
  private held = false;
  /** Extra sizes by profile and reason (a workshop's pre-warm); the pool keeps the largest. */
  private readonly targets = new Map<string, Map<string, number>>();
  private readonly labTargets = new Map<string, { shape: LabShape; byReason: Map<string, number> }>();
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

  /**
   * How many ready labs of this shape (lab.ts) the pool keeps, by reason (a workshop's pre-warm, the bench); the
   * largest counts. None by default: a lab nobody takes would hold several sandboxes' memory.
   */
  setLabTarget(shape: LabShape, reason: string, count: number): void {
    const key = shapeKey(shape);
    const entry = this.labTargets.get(key) ?? { shape: { profile: shape.profile, nodes: [...shape.nodes] }, byReason: new Map<string, number>() };
    if (count > 0) entry.byReason.set(reason, count);
    else entry.byReason.delete(reason);
    if (entry.byReason.size > 0) this.labTargets.set(key, entry);
    else this.labTargets.delete(key);
  }

  labSizeOf(shape: LabShape): number {
    return Math.max(0, ...(this.labTargets.get(shapeKey(shape))?.byReason.values() ?? []));
  }

  /** How many of a profile the pool keeps: its configured size, or a larger target. */
  sizeOf(profile: string, configured: number): number {
    return Math.max(configured, ...(this.targets.get(profile)?.values() ?? []));
  }

  /** Start filling unless a fill is already running (it sees whatever changed meanwhile). */
  fill(): void {
    if (this.filling || this.stopped || this.held) return;
    this.filling = true;
    this.current = this.fillAll()
      .catch((err: unknown) => this.opts.log.error({ err }, 'could not fill the warm pool; will retry'))
      .finally(() => (this.filling = false));
  }

  /** Resolves when the fill running now (if any) is over. */
  settled(): Promise<void> {
    return this.current;
  }

  /**
   * No filling until released: at start-up, targets are set before the engine's sandboxes are adopted, and a fill
   * then would count an empty inventory (over the limit) and make sandboxes reconcile would take for leftovers.
   */
  hold(on: boolean): void {
    this.held = on;
  }

  /** No more filling (server shutdown); pooled sandboxes stay for the next start to adopt. */
  stop(): void {
    this.stopped = true;
  }

  private hasRoom(profile: string, size: number): boolean {
    const { inventory, queue, maxSandboxes } = this.opts;
    return !this.stopped && inventory.pool(profile).length < size && inventory.size < maxSandboxes && queue.length === 0;
  }

  private hasRoomForLab(shape: LabShape): boolean {
    const { inventory, queue, maxSandboxes } = this.opts;
    return (
      !this.stopped && this.opts.catalog.get(shape.profile) !== undefined && inventory.warmLabs(shapeKey(shape)).length < this.labSizeOf(shape) &&
      inventory.size + shape.nodes.length <= maxSandboxes && queue.length === 0
    );
  }

  private async fillAll(): Promise<void> {
    if (!(await this.fillProfiles())) return;
    for (const { shape } of [...this.labTargets.values()]) {
      while (this.hasRoomForLab(shape)) if (!(await this.makeLab(shape))) return;
    }
  }

  /** One warm lab, its nodes' slots counted from the check above; false: none could be made now (stop filling). */
  private async makeLab(shape: LabShape): Promise<boolean> {
    const { inventory, factory, log } = this.opts;
    const slots = shape.nodes.map(() => inventory.reserve());
    try {
      if (await this.opts.pressure.reason()) return false;
      const lab = await factory.createWarmLab(shape.profile, shape.nodes);
      const ready = await Promise.all(
        lab.members.map((m) =>
          waitUntilReady(this.opts.runtime, m.id, m.profile).then(
            () => true,
            (err: unknown) => (log.warn({ sandbox: m.id, err }, 'warm lab node did not get ready; its lab removed'), false),
          ),
        ),
      );
      // Its target may have dropped while it was made (a workshop ended): then it is not kept either.
      const unwanted = inventory.warmLabs(shapeKey(shape)).length >= this.labSizeOf(shape);
      if (this.stopped || unwanted || !ready.every(Boolean)) {
        (await factory.destroyLab(lab.members, lab.network)).forEach((kept) => inventory.addUnremoved(kept));
        return false;
      }
      await Promise.all(lab.members.map((m) => this.opts.events?.pooled?.(m).catch((err: unknown) => log.warn({ sandbox: m.id, err }, 'could not start the warm lab node\'s shell ahead'))));
      inventory.addWarmLab(lab);
      return true;
    } catch (err) {
      log.warn({ err, lab: shapeKey(shape) }, 'could not make a warm lab; will retry');
      return false;
    } finally {
      slots.forEach((s) => s.release());
      slots.forEach(() => this.opts.queue.wakeOne());
    }
  }

  /** False: a sandbox could not be made now (stop filling). */
  private async fillProfiles(): Promise<boolean> {
    const { inventory, factory, log } = this.opts;
    for (const [name, entry] of this.opts.catalog) {
      while (this.hasRoom(name, this.sizeOf(name, entry.pool))) {
        // Counted from the check above until it is in the pool, its warm-up included.
        const slot = inventory.reserve();
        try {
          if (await this.opts.pressure.reason()) return false;
          const sandbox = await factory.createPooled(name);
          // A pool sandbox is only worth having once its services are up (the docker profile's engine).
          const ready = await waitUntilReady(this.opts.runtime, sandbox.id, sandbox.profile).then(
            () => true,
            (err: unknown) => (log.warn({ sandbox: sandbox.id, err }, 'pool sandbox did not get ready; removed'), false),
          );
          if (this.stopped || !ready) {
            await factory.destroy(sandbox).catch(() => inventory.addUnremoved(sandbox));
            return false;
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
    return true;
  }
}
