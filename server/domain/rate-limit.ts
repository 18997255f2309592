/**
 * A token bucket per key: `burst` at once, then `perMinute` on average. Pure, with an injected clock.
 * One implementation serves every limit: sandbox creations per address, checks per learner.
 */
import type { Clock } from './clock.ts';

export interface RateLimit {
  burst: number;
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, full buckets (which carry no information) are dropped, bounding memory. */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limit: RateLimit;
  private readonly clock: Clock;

  constructor(limit: RateLimit, clock: Clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Take one token. Returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.clock.now();
    const perMs = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (this.buckets.size > PRUNE_ABOVE) this.sweep();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }

  /** Milliseconds until `key` has a token, without taking it (0: it has one now). */
  wait(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const perMs = this.limit.perMinute / 60_000;
    const tokens = Math.min(this.limit.burst, b.tokens + (this.clock.now() - b.at) * perMs);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
  }

  /** Forget full buckets so the map does not grow with every key ever seen. */
  sweep(): void {
    const now = this.clock.now();
    const perMs = this.limit.perMinute / 60_000;
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * perMs >= this.limit.burst) this.buckets.delete(key);
  }
}
