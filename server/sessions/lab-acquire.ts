/**
 * Acquiring a lab (lab.ts): all its nodes or none. Each node is a sandbox for every limit: the rate is taken once
 * per lab, the learner's older sandboxes are recycled to make room for all the nodes, the queue is left only when
 * the global limit has room for all of them, and a slot is reserved for each in the same step. From a warm lab of the
 * lesson's shape when the pool holds one (its nodes already on their network: only the claims are recorded), else
 * from the pool when it holds a sandbox for every node (they join the lab's network under the nodes' names), else
 * made together on a new network, each joining it at creation. A failure half-way removes what was made, the network too: nothing is left behind.
 */
import { errorCodes } from '../contracts/errors.ts';
import { BoxlabError } from '../domain/errors.ts';
import type { WaitQueue } from '../domain/wait-queue.ts';
import { SharedAcquires, type Turns } from './acquire-sharing.ts';
import type { Inventory, Slot } from './inventory.ts';
import type { AcquireOptions, ManagerOptions } from './manager-options.ts';
import type { SandboxFactory } from './sandbox-factory.ts';
import { ownerKey, type ClaimedSandbox, type Owner, type PooledSandbox } from './sandbox.ts';
import type { WarmPool } from './warm-pool.ts';
import { shapeKey, type WarmLab } from './lab.ts';

export interface LabAcquireDeps extends ManagerOptions {
  inventory: Inventory;
  factory: SandboxFactory;
  queue: WaitQueue;
  warmPool: WarmPool;
  /** The manager's: one learner's acquires take turns, so each counts the sandboxes of the one before. */
  learnerTurns: Turns;
  recycleForLearner(learner: string, need: number): Promise<void>;
  /** Into the books as claimed, its slot released, the `claimed` hook run (the lesson's setup on its node). */
  handOver(sandbox: ClaimedSandbox, slot: Slot, fromPool: boolean): Promise<ClaimedSandbox>;
}

export class LabAcquirer {
  private readonly deps: LabAcquireDeps;
  private readonly shared: SharedAcquires<ClaimedSandbox[]>;

  constructor(deps: LabAcquireDeps) {
    this.deps = deps;
    this.shared = new SharedAcquires(deps.queuePlaceKeptMs);
  }

  acquire(owner: Owner, profileName: string, nodes: readonly string[], opts: AcquireOptions): Promise<ClaimedSandbox[]> {
    const { maxPerLearner, maxSandboxes } = this.deps;
    if (nodes.length > Math.min(maxPerLearner, maxSandboxes)) {
      throw new BoxlabError(
        errorCodes.PROFILE_UNAVAILABLE,
        `This lesson's lab has ${nodes.length} machines, more than this server gives one learner (${Math.min(maxPerLearner, maxSandboxes)}). Tell whoever runs this site: BOXLAB_MAX_PER_LEARNER and BOXLAB_MAX_SANDBOXES must be at least ${nodes.length} (docs/operators.md).`,
      );
    }
    return this.shared.join(`${ownerKey(owner)}\0lab`, opts, (caller) =>
      this.deps.learnerTurns.run(owner.learner, () => this.claimNow(owner, profileName, nodes, { ...opts, ...caller })),
    );
  }

  private async claimNow(owner: Owner, profileName: string, nodes: readonly string[], opts: AcquireOptions): Promise<ClaimedSandbox[]> {
    const { inventory, queue } = this.deps;
    const ttlMs = opts.ttlMs === undefined ? undefined : Math.min(opts.ttlMs, this.deps.maxLifetimeMs);
    const waitMs = opts.ip === undefined ? 0 : this.deps.rateLimiter.take(opts.ip);
    if (waitMs > 0) {
      throw new BoxlabError(errorCodes.RATE_LIMITED, `Sandboxes are being started too quickly from your address. Your terminal tries again in ${Math.ceil(waitMs / 1000)} s.`, { retryAfterMs: waitMs });
    }
    await this.deps.recycleForLearner(owner.learner, nodes.length);
    const shape = shapeKey({ profile: profileName, nodes });
    for (;;) {
      const lab = inventory.takeWarmLab(shape);
      if (lab) {
        // Out of the books and not yet claimed: still counted, node by node.
        const slots = nodes.map(() => inventory.reserve());
        this.deps.warmPool.fill();
        return this.fromWarmLab(lab, owner, slots, ttlMs);
      }
      if (inventory.pool(profileName).length >= nodes.length) {
        // Out of the pool and not yet claimed while they join the lab: still counted.
        const warm = nodes.map(() => inventory.takePooled(profileName)!);
        const slots = nodes.map(() => inventory.reserve());
        this.deps.warmPool.fill();
        return this.fromPool(warm, owner, nodes, slots, ttlMs);
      }
      if (inventory.size + nodes.length <= this.deps.maxSandboxes) break;
      // Woken when one slot frees, it waits again until there is room for every node.
      await queue.wait({ timeoutMs: this.deps.queueTimeoutMs, signal: opts.signal, onPosition: (p) => opts.onQueued?.(p) });
    }
    const slots = nodes.map(() => inventory.reserve());
    try {
      const reason = await this.deps.pressure.reason();
      if (reason) throw new BoxlabError(errorCodes.HOST_BUSY, `No new sandbox can start right now: ${reason}. Please try again later.`);
      return await this.fresh(owner, profileName, nodes, slots, ttlMs);
    } catch (err) {
      this.free(slots);
      throw err;
    }
  }

  /** The pool's sandboxes join a new lab network under the nodes' names and are claimed for the learner. */
  private async fromPool(warm: PooledSandbox[], owner: Owner, nodes: readonly string[], slots: Slot[], ttlMs: number | undefined): Promise<ClaimedSandbox[]> {
    const { factory } = this.deps;
    let network: string | undefined;
    try {
      network = await factory.createLabNetwork(owner);
      const joined = network;
      const claimed = await settleAll(
        warm.map(async (w, i) => {
          await factory.joinLab(w, { network: joined, alias: nodes[i]! });
          return factory.claimPooled(w, { ...owner, node: nodes[i] }, ttlMs);
        }),
      );
      return await this.handOver(claimed, slots, true);
    } catch (err) {
      await this.undo(warm, network !== undefined ? owner : undefined);
      this.free(slots);
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your lab could not be prepared. Please reload the page.', { cause: err });
    }
  }

  /**
   * A warm lab's nodes are already on their network under their names: only the claims are recorded (the containers
   * are renamed in the background, claim-names.ts). A failure removes the whole lab, its network too.
   */
  private async fromWarmLab(lab: WarmLab, owner: Owner, slots: Slot[], ttlMs: number | undefined): Promise<ClaimedSandbox[]> {
    const { factory, inventory } = this.deps;
    try {
      const claimed = await settleAll(lab.members.map((m, i) => factory.claimWarmNode(m, { ...owner, node: lab.nodes[i] }, lab.network, ttlMs)));
      return await this.handOver(claimed, slots, true);
    } catch (err) {
      (await factory.destroyLab(lab.members, lab.network)).forEach((kept) => inventory.addUnremoved(kept));
      this.free(slots);
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your lab could not be prepared. Please reload the page.', { cause: err });
    }
  }

  /** Every node made at once on a new lab network. */
  private async fresh(owner: Owner, profileName: string, nodes: readonly string[], slots: Slot[], ttlMs: number | undefined): Promise<ClaimedSandbox[]> {
    const { factory } = this.deps;
    const network = await factory.createLabNetwork(owner).catch((err: unknown) => {
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your lab could not be started. Please try again; if it keeps failing, tell the operator.', { cause: err });
    });
    const made = await Promise.allSettled(nodes.map((node) => factory.createClaimed(profileName, { ...owner, node }, 'none', ttlMs, { network, alias: node })));
    const failed = made.find((r) => r.status === 'rejected');
    const sandboxes = made.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      await this.undo(sandboxes, owner);
      throw failed.reason;
    }
    return this.handOver(sandboxes, slots, false);
  }

  /**
   * All nodes into the books at once (a check or a second terminal finds every node), then each handed over, all at
   * the same time: a lab made cold waits for its engines together, not one after another, and every node's slot is
   * released even when another's engine fails (that failure removes the whole lab).
   */
  private async handOver(sandboxes: ClaimedSandbox[], slots: Slot[], fromPool: boolean): Promise<ClaimedSandbox[]> {
    sandboxes.forEach((s) => this.deps.inventory.addClaimed(s));
    await settleAll(sandboxes.map((s, i) => this.deps.handOver(s, slots[i]!, fromPool)));
    return sandboxes;
  }

  /** Remove what a failed acquire made (a container the engine keeps stays counted for the reaper), then its network. */
  private async undo(sandboxes: readonly (ClaimedSandbox | PooledSandbox)[], networkOf: Owner | undefined): Promise<void> {
    const { factory, inventory, log } = this.deps;
    await Promise.all(sandboxes.map((s) => factory.destroy(s).catch(() => inventory.addUnremoved(s))));
    if (networkOf) await factory.removeLabNetwork(networkOf).catch((err: unknown) => log.warn({ err }, 'could not remove a failed lab\'s network; the next start prunes it'));
  }

  private free(slots: Slot[]): void {
    slots.forEach((s) => s.release());
    // As many as were freed may go on waiting (each waits again if it needs more).
    slots.forEach(() => this.deps.queue.wakeOne());
  }
}

/** All of them, or the first failure once every one has settled (so nothing is still being made when it is undone). */
async function settleAll<T>(work: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
