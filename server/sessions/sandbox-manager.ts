/**
 * Learner ↔ sandbox. Hands each learner's lesson a sandbox (from the warm pool when it can) under the limits
 * (global, per learner, per address, host pressure), with a queue when full. The parts have rooms of their own:
 * the books (inventory.ts), making and removing (sandbox-factory.ts), the pool (warm-pool.ts), the reaper
 * (reaper.ts), adoption after a restart (reconcile.ts), and how acquires share and take turns (acquire-sharing.ts).
 */
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes } from '../contracts/errors.ts';
import { expiryMessage } from '../domain/lease.ts';
import { WaitQueue } from '../domain/wait-queue.ts';
import { SharedAcquires, Turns } from './acquire-sharing.ts';
import { ClaimNames } from './claim-names.ts';
import { Inventory, type Slot } from './inventory.ts';
import { isWhole, membersOf, shapeKey, type LabShape, type WarmLab } from './lab.ts';
import { LabAcquirer } from './lab-acquire.ts';
import { reapOnce } from './reaper.ts';
import { reconcile, type ReconcileResult } from './reconcile.ts';
import { SandboxFactory } from './sandbox-factory.ts';
import { ownerKey, type ClaimedSandbox, type Owner, type PooledSandbox } from './sandbox.ts';
import { WarmPool } from './warm-pool.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { StartStep } from '../contracts/start-steps.ts';

export type { AgentDirs } from './sandbox-factory.ts';
import type { AcquireOptions, ManagerOptions } from './manager-options.ts';

export type { AcquireOptions, ManagerEvents, ManagerOptions } from './manager-options.ts';

/** Long enough for a page's reconnect backoff (up to 10 s) after a short drop. */
export const QUEUE_PLACE_KEPT_MS = 20_000;

/** What SandboxManager.census() counts. Maps are by profile name. */
export interface SandboxCensus {
  claimed: ReadonlyMap<string, number>;
  pooled: ReadonlyMap<string, number>;
  /** How many of each profile the pool keeps started (the configured size, or a workshop's larger pre-warm). */
  poolTargets: ReadonlyMap<string, number>;
  /** Slots held for sandboxes on their way in. */
  reserved: number;
  /** Sandboxes the engine failed to remove (still counted, retried by the reaper). */
  unremoved: number;
  queued: number;
  /** BOXLAB_MAX_SANDBOXES. */
  limit: number;
}

export class SandboxManager {
  private readonly opts: ManagerOptions;
  private readonly inventory = new Inventory();
  private readonly queue = new WaitQueue();
  private readonly shared: SharedAcquires<ClaimedSandbox>;
  private readonly learnerTurns = new Turns();
  private readonly factory: SandboxFactory;
  private readonly warmPool: WarmPool;
  /** Claims recorded at once and written into the containers' names after (claim-records.ts). */
  private readonly names: ClaimNames;
  private readonly labs: LabAcquirer;
  private stopped = false;

  constructor(options: ManagerOptions) {
    this.opts = options;
    // A queued learner whose page lost its connection keeps the place a while (the page reconnects with backoff).
    this.shared = new SharedAcquires(options.queuePlaceKeptMs ?? QUEUE_PLACE_KEPT_MS);
    this.factory = new SandboxFactory(options);
    this.warmPool = new WarmPool({ ...options, inventory: this.inventory, factory: this.factory, queue: this.queue });
    this.names = new ClaimNames({
      rename: (sandbox) => this.factory.nameAfterClaim(sandbox),
      isHeld: (sandbox) => this.inventory.claimedBy(sandbox) === sandbox,
      log: options.log,
    });
    this.labs = new LabAcquirer({
      ...options,
      inventory: this.inventory,
      factory: this.factory,
      queue: this.queue,
      warmPool: this.warmPool,
      learnerTurns: this.learnerTurns,
      queuePlaceKeptMs: options.queuePlaceKeptMs ?? QUEUE_PLACE_KEPT_MS,
      recycleForLearner: (learner, need) => this.recycleForLearner(learner, need),
      handOver: (sandbox, slot, fromPool) => this.handOver(sandbox, slot, fromPool),
    });
  }

  /** Every sandbox this server holds or is making (what the global limit counts). */
  get size(): number {
    return this.inventory.size;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** The books at a glance (for /metrics): sandboxes by profile and state, slots on their way in, pool sizes. */
  census(): SandboxCensus {
    const claimed = new Map<string, number>();
    for (const s of this.inventory.allClaimed()) claimed.set(s.profileName, (claimed.get(s.profileName) ?? 0) + 1);
    const profiles = [...this.opts.catalog.keys()];
    return {
      claimed,
      pooled: new Map(profiles.map((p) => [p, this.inventory.pool(p).length])),
      poolTargets: new Map(profiles.map((p) => [p, this.warmPool.sizeOf(p, this.opts.catalog.get(p)?.pool ?? 0)])),
      reserved: this.inventory.reservedSlots,
      unremoved: this.inventory.unremovedList().length,
      queued: this.queue.length,
      limit: this.opts.maxSandboxes,
    };
  }

  list(): ClaimedSandbox[] {
    return this.inventory.allClaimed();
  }

  pooled(profile = 'shell'): PooledSandbox[] {
    return [...this.inventory.pool(profile)];
  }

  /** The learner's sandbox for this lesson; in a lab, the one of `node`. */
  find(learner: string, lesson: string, node?: string): ClaimedSandbox | undefined {
    const found = this.inventory.claimedBy({ learner, lesson, node });
    // Asked without a node (a reset, a workshop's grid), a lab answers with one of its nodes: what is done to one
    // (removed, extended) is done to all.
    return found ?? (node === undefined ? membersOf(this.inventory.allClaimed(), { learner, lesson })[0] : undefined);
  }

  /**
   * The learner's lab for this lesson (lab.ts): one sandbox per node, in the order of `nodes`, claimed from the pool
   * or made together, each counted against every limit. Concurrent calls share one acquire.
   */
  async acquireLab(learner: string, lesson: string, profileName: string, nodes: readonly string[], opts: AcquireOptions = {}): Promise<ClaimedSandbox[]> {
    const owner = { learner, lesson };
    const held = membersOf(this.inventory.allClaimed(), owner);
    if (held.length > 0) {
      // Whole and running, it is the learner's; a node stopped (`kill 1`) or missing: the lab is made again as one.
      const running = await Promise.all(held.map((s) => this.opts.runtime.inspect(s.id).then((i) => i?.running === true, () => false)));
      if (isWhole(held, nodes) && running.every(Boolean)) return nodes.map((n) => held.find((s) => s.node === n)!);
      await this.remove(held[0]!, 'stopped').catch(() => held.forEach((s) => this.forget(s)));
    }
    if (!this.opts.catalog.has(profileName)) {
      throw new BoxlabError(errorCodes.PROFILE_UNAVAILABLE, `This server does not offer the "${profileName}" sandbox this lesson needs, so its terminal cannot open here. Tell your instructor or whoever runs this site: they can enable it (docs/operators.md).`);
    }
    return this.labs.acquire(owner, profileName, nodes, opts);
  }

  /** The learner's sandbox for this lesson, claimed or created if there is none. Concurrent calls share one. */
  async acquire(learner: string, lesson: string, profileName: string, opts: AcquireOptions = {}): Promise<ClaimedSandbox> {
    const owner = { learner, lesson };
    const existing = this.inventory.claimedBy(owner);
    if (existing) {
      // A learner can stop their own sandbox (`kill 1` ends its init); then they get a fresh one.
      const info = await this.opts.runtime.inspect(existing.id).catch(() => undefined);
      if (info?.running) return existing;
      await this.remove(existing, 'stopped').catch(() => this.forget(existing));
      // Another call for this learner and lesson (a second terminal on the page) may have replaced it meanwhile.
      const replaced = this.inventory.claimedBy(owner);
      if (replaced) return replaced;
    }
    if (!this.opts.catalog.has(profileName)) {
      throw new BoxlabError(errorCodes.PROFILE_UNAVAILABLE, `This server does not offer the "${profileName}" sandbox this lesson needs, so its terminal cannot open here. Tell your instructor or whoever runs this site: they can enable it (docs/operators.md).`);
    }
    return this.shared.join(ownerKey(owner), opts, (caller) =>
      // Each counts the learner's sandboxes for maxPerLearner before making one: two at once would count too few.
      this.learnerTurns.run(learner, () => this.claimNow(owner, profileName, { ...opts, ...caller })),
    );
  }

  private async claimNow(owner: Owner, profileName: string, options: AcquireOptions): Promise<ClaimedSandbox> {
    // A time-to-live asked for (a workshop's) never outlives the operator's maximum lifetime.
    const opts = { ...options, ttlMs: options.ttlMs === undefined ? undefined : Math.min(options.ttlMs, this.opts.maxLifetimeMs) };
    const waitMs = opts.ip === undefined ? 0 : this.opts.rateLimiter.take(opts.ip);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new BoxlabError(errorCodes.RATE_LIMITED, `Sandboxes are being started too quickly from your address. Your terminal tries again in ${seconds} s.`, { retryAfterMs: waitMs });
    }
    await this.recycleForLearner(owner.learner, 1);
    for (;;) {
      const warm = opts.network === 'isolated' ? undefined : this.inventory.takePooled(profileName);
      if (warm) {
        // Out of the pool and not yet claimed while it is renamed: still counted.
        const slot = this.inventory.reserve();
        this.warmPool.fill();
        return this.claimFromPool(warm, owner, slot, opts.ttlMs, opts.onStep);
      }
      if (this.inventory.size < this.opts.maxSandboxes) break;
      await this.queue.wait({ timeoutMs: this.opts.queueTimeoutMs, signal: opts.signal, onPosition: (p) => opts.onQueued?.(p) });
    }
    const slot = this.inventory.reserve();
    try {
      const reason = await this.opts.pressure.reason();
      if (reason) throw new BoxlabError(errorCodes.HOST_BUSY, `No new sandbox can start right now: ${reason}. Please try again later.`);
      opts.onStep?.('creating');
      const fresh = await this.factory.createClaimed(profileName, owner, opts.network ?? 'none', opts.ttlMs);
      return await this.handOver(fresh, slot, false, opts.onStep);
    } catch (err) {
      // The slot this learner took is free again: the next one waiting may use it.
      slot.release();
      this.queue.wakeOne();
      throw err;
    }
  }

  /** A learner at their limit gives up their least recently used sandboxes (a lab's go as one) for `need` new ones. */
  private async recycleForLearner(learner: string, need: number): Promise<void> {
    const mine = this.list().filter((s) => s.learner === learner);
    if (mine.length + need <= this.opts.maxPerLearner) return;
    mine.sort((a, b) => a.lastActivityAt - b.lastActivityAt);
    for (const s of mine.slice(0, mine.length + need - this.opts.maxPerLearner)) {
      await this.remove(s, 'recycled for another lesson');
    }
  }

  private async claimFromPool(warm: PooledSandbox, owner: Owner, slot: Slot, ttlMs: number | undefined, onStep?: (step: StartStep) => void): Promise<ClaimedSandbox> {
    let claimed: ClaimedSandbox;
    try {
      claimed = await this.factory.claimPooled(warm, owner, ttlMs);
    } catch (err) {
      // Neither its claim file nor its name could take the claim: a restart would not know it is the learner's.
      await this.factory.destroy(warm).catch(() => this.inventory.addUnremoved(warm));
      slot.release();
      this.queue.wakeOne();
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your sandbox could not be prepared. Please reload the page.', { cause: err });
    }
    return this.handOver(claimed, slot, true, onStep);
  }

  /** `slot`: the reservation that counted the sandbox until now; released once the books count it as claimed. */
  private async handOver(sandbox: ClaimedSandbox, slot: Slot, fromPool: boolean, onStep?: (step: StartStep) => void): Promise<ClaimedSandbox> {
    this.inventory.addClaimed(sandbox);
    slot.release();
    this.names.queue(sandbox);
    this.opts.log.info({ sandbox: sandbox.id, learner: sandbox.learner, lesson: sandbox.lesson, fromPool }, 'sandbox claimed');
    // A sandbox made for this learner may still be starting its service (the docker profile's engine); a pooled one
    // joined the pool ready. Waited for here so the learner sees the step; the shell would wait for it anyway.
    if (!fromPool && sandbox.profile.waitFor) {
      onStep?.('engine');
      try {
        await waitUntilReady(this.opts.runtime, sandbox.id, sandbox.profile, this.opts.serviceTimeoutMs);
      } catch (err) {
        // A sandbox whose engine never came up is of no use: it goes, and the retry makes a fresh one.
        this.opts.log.warn({ sandbox: sandbox.id, err }, 'the sandbox\'s service did not start');
        await this.remove(sandbox, 'its service did not start').catch(() => undefined);
        throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Docker did not start inside your sandbox; if this keeps happening, tell whoever runs this site. Your terminal tries again with a fresh one in a few seconds.', { cause: err });
      }
    }
    try {
      await this.opts.events?.claimed?.(sandbox, onStep);
    } catch (err) {
      this.opts.log.warn({ sandbox: sandbox.id, err }, 'sandbox setup failed');
    }
    return sandbox;
  }

  /** Keep every profile's pool at its size, in the background (releasing a `holdPool`). */
  fillPool(): void {
    this.warmPool.hold(false);
    this.warmPool.fill();
  }

  /** No pool filling until `fillPool` (start-up: targets are set before reconcile adopts what the engine holds). */
  holdPool(): void {
    this.warmPool.hold(true);
  }

  /**
   * Keep at least `count` sandboxes of a profile started, for a reason of its own (a workshop's pre-warm), on top of
   * nothing: the pool's size is the largest of the configured size and every target. 0 removes the target.
   */
  setPoolTarget(profile: string, reason: string, count: number): void {
    // A stopped manager (its server closing) touches no sandbox: the next server adopts them.
    if (this.stopped) return;
    this.warmPool.setTarget(profile, reason, count);
    // A target that dropped (a workshop started or ended): the newest pooled sandboxes beyond the size go.
    const size = this.warmPool.sizeOf(profile, this.opts.catalog.get(profile)?.pool ?? 0);
    for (const extra of this.inventory.pool(profile).slice(size).reverse()) {
      void this.remove(extra, 'pool larger than needed').catch((err: unknown) => this.opts.log.warn({ sandbox: extra.id, err }, 'could not trim the pool'));
    }
    this.warmPool.fill();
  }

  /**
   * Keep `count` labs of this shape (lab.ts) ready, for a reason of its own (a workshop's pre-warm of a lab lesson, the
   * bench); 0 removes the target. A target that dropped removes the warm labs beyond it (the promise: once gone).
   */
  setLabPoolTarget(shape: LabShape, reason: string, count: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.warmPool.setLabTarget(shape, reason, count);
    const key = shapeKey(shape);
    const extra = this.inventory.warmLabs(key).length - this.warmPool.labSizeOf(shape);
    const trims: Promise<void>[] = [];
    for (let i = 0; i < extra; i++) {
      const lab = this.inventory.takeWarmLab(key);
      if (lab) trims.push(this.factory.destroyLab(lab.members, lab.network).then((kept) => kept.forEach((k) => this.inventory.addUnremoved(k))));
    }
    this.warmPool.fill();
    // Resolves once the labs beyond the target are gone (callers need not wait).
    return Promise.all(trims).then(() => undefined);
  }

  /** The ready labs of every shape that has some, by shape (lab.ts shapeKey). */
  warmLabCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const lab of this.inventory.allWarmLabs()) counts[shapeKey(lab)] = (counts[shapeKey(lab)] ?? 0) + 1;
    return counts;
  }

  /** The ready labs of this shape. */
  warmLabs(shape: LabShape): number {
    return this.inventory.warmLabs(shapeKey(shape)).length;
  }

  /** Resolves when the pool fill running now (if any) is over. */
  poolSettled(): Promise<void> {
    return this.warmPool.settled();
  }

  /** Mark activity (input, output, attach) so the idle timeout starts again. */
  touch(sandbox: ClaimedSandbox): void {
    sandbox.lastActivityAt = this.opts.clock.now();
  }

  /** Count an attached terminal client; returns the function that releases it. */
  attach(sandbox: ClaimedSandbox): () => void {
    sandbox.attachedClients++;
    this.touch(sandbox);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      sandbox.attachedClients--;
      this.touch(sandbox);
    };
  }

  /** The warning to show while a sandbox is in its last minutes (after `expiring` fired), else undefined. */
  expiryNotice(sandbox: ClaimedSandbox): string | undefined {
    return sandbox.warned ? expiryMessage(sandbox.expiresAt - this.opts.clock.now()) : undefined;
  }

  /**
   * Push the sandbox's end a time-to-live away (the server's, or `ttlMs`: a workshop's sandbox lifetime), never past
   * its maximum lifetime. Returns the new end (the old one when that is later).
   */
  async extend(sandbox: ClaimedSandbox, ttlMs = this.opts.ttlMs): Promise<number> {
    if (sandbox.node === undefined) return this.extendOne(sandbox, ttlMs);
    // A lab's nodes are kept together: each gets the same new end.
    await Promise.all(membersOf(this.inventory.allClaimed(), sandbox).map((m) => this.extendOne(m, ttlMs)));
    return sandbox.expiresAt;
  }

  private async extendOne(sandbox: ClaimedSandbox, ttlMs: number): Promise<number> {
    const now = this.opts.clock.now();
    const expiresAt = Math.min(now + ttlMs, sandbox.createdAt + this.opts.maxLifetimeMs);
    // Removed meanwhile (a reset, the reaper): nothing to extend, and "extend all" carries on with the others.
    if (expiresAt <= sandbox.expiresAt || this.inventory.claimedBy(sandbox) !== sandbox) return sandbox.expiresAt;
    Object.assign(sandbox, await this.factory.recordClaim(sandbox, { ...sandbox, expiresAt }));
    sandbox.expiresAt = expiresAt;
    this.names.queue(sandbox);
    sandbox.warned = false;
    this.touch(sandbox);
    return expiresAt;
  }

  /** Remove a sandbox; a lab's node takes its whole lab with it, and then the lab's network. */
  async remove(sandbox: ClaimedSandbox | PooledSandbox, reason: string): Promise<void> {
    const warm = sandbox.state === 'pooled' ? this.inventory.warmLabOf(sandbox) : undefined;
    if (warm) return this.removeWarmLab(warm, reason);
    // A pool sandbox a learner claimed meanwhile (its lab, say, while the reaper worked through stale ones) is theirs.
    if (sandbox.state === 'pooled' && !this.inventory.isPooled(sandbox)) return;
    if (sandbox.state !== 'claimed' || sandbox.node === undefined) return this.removeOne(sandbox, reason);
    const members = membersOf(this.inventory.allClaimed(), sandbox);
    // Its lab went already (the reaper and the recycling reach each node of a lab it removed).
    if (members.length === 0) return;
    const results = await Promise.allSettled(members.map((m) => this.removeOne(m, reason)));
    // A node the engine did not remove keeps the network busy: the next start prunes it once the reaper removed it.
    await this.factory.removeLabNetwork(sandbox).catch((err: unknown) => this.opts.log.warn({ learner: sandbox.learner, lesson: sandbox.lesson, err }, 'could not remove a lab network'));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** A warm lab goes whole (a node stopped under it, or it grew stale), with its network; the pool makes another. */
  private async removeWarmLab(lab: WarmLab, reason: string): Promise<void> {
    if (!this.inventory.dropWarmLab(lab)) return;
    lab.members.forEach((m) => this.opts.events?.removed?.(m, reason));
    const kept = await this.factory.destroyLab(lab.members, lab.network);
    kept.forEach((k) => this.inventory.addUnremoved(k));
    // Its slots are free: learners queued at the limit may go.
    for (let i = kept.length; i < lab.members.length; i++) this.queue.wakeOne();
    this.opts.log.info({ network: lab.network, reason }, 'warm lab removed');
    this.warmPool.fill();
  }

  /** Every warm lab's nodes (the engine watch looks after them too). */
  warmLabNodes(): PooledSandbox[] {
    return this.inventory.allWarmLabs().flatMap((lab) => lab.members);
  }

  private async removeOne(sandbox: ClaimedSandbox | PooledSandbox, reason: string): Promise<void> {
    this.inventory.drop(sandbox);
    this.opts.events?.removed?.(sandbox, reason);
    try {
      await this.factory.destroy(sandbox);
      this.opts.log.info({ sandbox: sandbox.id, learner: sandbox.state === 'claimed' ? sandbox.learner : undefined, reason }, 'sandbox removed');
    } catch (err) {
      this.inventory.addUnremoved(sandbox);
      throw err;
    } finally {
      this.queue.wakeOne();
      this.warmPool.fill();
    }
  }

  /** Forget a sandbox the engine no longer has (removed behind our back). */
  forget(sandbox: ClaimedSandbox): void {
    this.inventory.drop(sandbox);
    this.opts.events?.removed?.(sandbox, 'gone');
    void this.factory.releaseHostResources(sandbox);
    this.queue.wakeOne();
  }

  /** Warn learners whose sandbox is about to expire; remove every sandbox whose lease has ended. */
  reap(): Promise<number> {
    // Claims whose rename failed: their names are tried again each round.
    this.names.retryFailed();
    return reapOnce({
      ...this.opts,
      inventory: this.inventory,
      factory: this.factory,
      remove: (sandbox, reason) => this.remove(sandbox, reason),
      freed: () => this.queue.wakeOne(),
      expiring: this.opts.events?.expiring,
    });
  }

  /** At start-up: adopt this instance's sandboxes from the engine and remove the rest (reconcile.ts). */
  async reconcile(): Promise<ReconcileResult> {
    const result = await reconcile({ ...this.opts, labKeys: this.opts.labKeys ?? new Map(), inventory: this.inventory, factory: this.factory, poolSize: (p) => this.warmPool.sizeOf(p, this.opts.catalog.get(p)?.pool ?? 0) });
    // Claims the last server recorded but had not yet written into their names (or extended since).
    for (const sandbox of this.inventory.allClaimed()) this.names.queue(sandbox);
    return result;
  }

  /** Claims recorded whose containers are not yet renamed after them (for /metrics and tests). */
  get namesPending(): number {
    return this.names.pending;
  }

  /** Resolves when no rename after a claim is queued or running (failed ones wait for the reaper's next round). */
  namesSettled(): Promise<void> {
    return this.names.settled();
  }

  /** Stop filling the pool (server shutdown). Sandboxes stay for the next start to adopt. */
  stop(): void {
    this.stopped = true;
    this.warmPool.stop();
    this.names.stop();
  }
}
