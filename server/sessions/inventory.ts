/**
 * Every sandbox this server holds or is making, and the count the global limit is checked against: claimed
 * sandboxes, pooled ones, slots reserved for sandboxes on their way in, and sandboxes the engine failed to remove
 * (still running, so still counted). Pure bookkeeping; the manager decides when each moves.
 */
import { shapeKey, type WarmLab } from './lab.ts';
import { ownerKey, type ClaimedSandbox, type Owner, type PooledSandbox } from './sandbox.ts';

/** A slot counted from the check that it is free until its sandbox is claimed, pooled, or failed. */
export interface Slot {
  /** Idempotent: the second call does nothing. */
  release(): void;
}

/** What removing a sandbox needs: its container and the suffix its host resources are named by. */
export interface Removable {
  readonly id: string;
  readonly suffix: string;
}

export class Inventory {
  private readonly claimed = new Map<string, ClaimedSandbox>();
  private readonly pools = new Map<string, PooledSandbox[]>();
  /** Warm labs by shape (lab.ts shapeKey); each counts as many sandboxes as it has nodes. */
  private readonly labs = new Map<string, WarmLab[]>();
  private reserved = 0;
  private readonly unremoved = new Set<Removable>();

  /** Every sandbox counted against the global limit. */
  get size(): number {
    let pooled = 0;
    for (const pool of this.pools.values()) pooled += pool.length;
    for (const labs of this.labs.values()) for (const lab of labs) pooled += lab.members.length;
    return this.claimed.size + pooled + this.reserved + this.unremoved.size;
  }

  /** Slots taken for sandboxes on their way in (being made, renamed or warmed up). */
  get reservedSlots(): number {
    return this.reserved;
  }

  /**
   * Take a slot in the same step as the check that there is one: between a check and an await, another learner
   * (or the pool) would see the same free slot.
   */
  reserve(): Slot {
    this.reserved++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.reserved--;
      },
    };
  }

  claimedBy(owner: Owner): ClaimedSandbox | undefined {
    return this.claimed.get(ownerKey(owner));
  }

  allClaimed(): ClaimedSandbox[] {
    return [...this.claimed.values()];
  }

  addClaimed(sandbox: ClaimedSandbox): void {
    this.claimed.set(ownerKey(sandbox), sandbox);
  }

  /** Take it out of the books if it is still the one held for its owner (or in a pool). */
  drop(sandbox: ClaimedSandbox | PooledSandbox): void {
    if (sandbox.state === 'claimed') {
      const key = ownerKey(sandbox);
      if (this.claimed.get(key) === sandbox) this.claimed.delete(key);
      return;
    }
    const pool = this.pools.get(sandbox.profileName);
    const i = pool?.indexOf(sandbox) ?? -1;
    if (pool && i >= 0) pool.splice(i, 1);
  }

  pool(profile: string): readonly PooledSandbox[] {
    return this.pools.get(profile) ?? [];
  }

  isPooled(sandbox: PooledSandbox): boolean {
    return this.pool(sandbox.profileName).includes(sandbox);
  }

  addPooled(sandbox: PooledSandbox): void {
    const pool = this.pools.get(sandbox.profileName) ?? [];
    pool.push(sandbox);
    this.pools.set(sandbox.profileName, pool);
  }

  /** The oldest pooled sandbox of a profile, out of the pool (the caller reserves its slot first). */
  takePooled(profile: string): PooledSandbox | undefined {
    return this.pools.get(profile)?.shift();
  }

  warmLabs(shape: string): readonly WarmLab[] {
    return this.labs.get(shape) ?? [];
  }

  addWarmLab(lab: WarmLab): void {
    const key = shapeKey(lab);
    this.labs.set(key, [...this.warmLabs(key), lab]);
  }

  /** The oldest warm lab of a shape, out of the books (the caller reserves its slots first). */
  takeWarmLab(shape: string): WarmLab | undefined {
    return this.labs.get(shape)?.shift();
  }

  /** The warm lab this pooled sandbox is a node of, if any. */
  warmLabOf(sandbox: PooledSandbox): WarmLab | undefined {
    return this.allWarmLabs().find((l) => l.members.includes(sandbox));
  }

  /** Take a warm lab out of the books; false when it is not there (claimed or removed meanwhile). */
  dropWarmLab(lab: WarmLab): boolean {
    const labs = this.labs.get(shapeKey(lab));
    const i = labs?.indexOf(lab) ?? -1;
    if (!labs || i < 0) return false;
    labs.splice(i, 1);
    return true;
  }

  allWarmLabs(): WarmLab[] {
    return [...this.labs.values()].flat();
  }

  allPooled(): PooledSandbox[] {
    return [...this.pools.values()].flat();
  }

  /** The engine failed to remove it: it stays counted until a retry succeeds. */
  addUnremoved(sandbox: Removable): void {
    this.unremoved.add(sandbox);
  }

  unremovedList(): Removable[] {
    return [...this.unremoved];
  }

  removedAtLast(sandbox: Removable): void {
    this.unremoved.delete(sandbox);
  }
}
