/**
 * When a sandbox may be removed. Pure: the reaper feeds it records and a time.
 * A sandbox lives while a terminal is attached or it saw activity within the idle timeout,
 * and never past its hard time-to-live.
 */
export interface LeaseFacts {
  createdAt: number;
  expiresAt: number;
  lastActivityAt: number;
  attachedClients: number;
}

export interface LeasePolicy {
  idleTimeoutMs: number;
}

export type LeaseVerdict = { keep: true } | { keep: false; reason: 'idle' | 'expired' };

/** What the learner reads when their sandbox is about to end. */
export function expiryMessage(msLeft: number): string {
  return `Your sandbox ends in ${Math.max(1, Math.round(msLeft / 60_000))} min. Extend it to keep working.`;
}

export function judgeLease(lease: LeaseFacts, policy: LeasePolicy, now: number): LeaseVerdict {
  if (now >= lease.expiresAt) return { keep: false, reason: 'expired' };
  if (lease.attachedClients > 0) return { keep: true };
  if (now - lease.lastActivityAt >= policy.idleTimeoutMs) return { keep: false, reason: 'idle' };
  return { keep: true };
}
