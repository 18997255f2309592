/**
 * Claim records (server/sessions/claim-records.ts) in memory: what the host's agent directories keep across a
 * server restart, for unit tests of the manager. A test can make the next write fail, and read what is recorded.
 */
import type { ClaimRecords } from '../../server/sessions/claim-records.ts';

export class MemoryClaimRecords implements ClaimRecords {
  /** suffix → the claimed name recorded for it. */
  readonly names = new Map<string, string>();
  private failures: Error[] = [];

  /** The next write fails with `err`. */
  failNextWrite(err: Error): void {
    this.failures.push(err);
  }

  async write(suffix: string, claimedName: string): Promise<void> {
    const err = this.failures.shift();
    if (err) throw err;
    this.names.set(suffix, claimedName);
  }

  /** Reads of these suffixes fail (a record that may exist but cannot be read). */
  readonly unreadable = new Set<string>();

  async read(suffix: string): Promise<string | undefined> {
    if (this.unreadable.has(suffix)) throw new Error(`EACCES: the record of ${suffix}`);
    return this.names.get(suffix);
  }

  async remove(suffix: string): Promise<void> {
    this.names.delete(suffix);
  }

  async prune(keep: ReadonlySet<string>): Promise<number> {
    const stale = [...this.names.keys()].filter((s) => !keep.has(s));
    for (const s of stale) this.names.delete(s);
    return stale.length;
  }
}
