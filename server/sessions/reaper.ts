/**
 * One round of the reaper: retry removals the engine refused, warn learners whose sandbox is about to expire,
 * remove every claimed sandbox whose lease has ended, and replace pool sandboxes nobody claimed within a
 * time-to-live (so the pool never grows stale).
 */
import type { Clock } from '../domain/clock.ts';
import { judgeLease } from '../domain/lease.ts';
import type { Inventory } from './inventory.ts';
import { labLease, membersOf } from './lab.ts';
import type { Log, SandboxFactory } from './sandbox-factory.ts';
import type { ClaimedSandbox, PooledSandbox } from './sandbox.ts';

export interface ReaperDeps {
  inventory: Inventory;
  factory: SandboxFactory;
  clock: Clock;
  idleTimeoutMs: number;
  ttlMs: number;
  expiryWarningMs: number;
  /** The manager's removal: out of the books, listeners told, the queue woken. */
  remove(sandbox: ClaimedSandbox | PooledSandbox, reason: string): Promise<void>;
  /** A slot came free (an old removal went through at last). */
  freed(): void;
  expiring?: ((sandbox: ClaimedSandbox, msLeft: number) => void) | undefined;
  log: Log;
}

/** Returns how many sandboxes went. */
export async function reapOnce(deps: ReaperDeps): Promise<number> {
  const { inventory, log } = deps;
  const now = deps.clock.now();
  let removed = 0;
  for (const sandbox of inventory.unremovedList()) {
    try {
      await deps.factory.destroy(sandbox);
      inventory.removedAtLast(sandbox);
      removed++;
      deps.freed();
    } catch (err) {
      log.warn({ sandbox: sandbox.id, err }, 'sandbox still not removed; will retry');
    }
  }
  for (const sandbox of inventory.allClaimed()) {
    // A lab's node lives as long as its lab: a terminal on any node, or activity on any, keeps them all.
    const lease = sandbox.node === undefined ? sandbox : labLease(membersOf(inventory.allClaimed(), sandbox));
    const verdict = judgeLease(lease, { idleTimeoutMs: deps.idleTimeoutMs }, now);
    if (verdict.keep) {
      const left = sandbox.expiresAt - now;
      if (!sandbox.warned && left <= deps.expiryWarningMs) {
        sandbox.warned = true;
        deps.expiring?.(sandbox, left);
      }
      continue;
    }
    try {
      await deps.remove(sandbox, verdict.reason);
      removed++;
    } catch (err) {
      log.warn({ sandbox: sandbox.id, err }, 'reaper could not remove sandbox; will retry');
    }
  }
  for (const sandbox of inventory.allPooled().filter((s) => now - s.createdAt > deps.ttlMs)) {
    // A learner may have claimed it while the one before was being removed.
    if (!inventory.isPooled(sandbox)) continue;
    await deps.remove(sandbox, 'stale pool sandbox').catch(() => undefined);
    removed++;
  }
  // A warm lab nobody claimed within a time-to-live goes whole (removing one node removes its lab).
  for (const lab of inventory.allWarmLabs().filter((l) => l.members.some((m) => now - m.createdAt > deps.ttlMs))) {
    // A learner may have claimed it while the one before was being removed.
    if (!inventory.allWarmLabs().includes(lab)) continue;
    await deps.remove(lab.members[0]!, 'stale warm lab').catch(() => undefined);
    removed++;
  }
  return removed;
}
