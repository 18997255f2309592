/**
 * Does a class arriving at once hold on this host, and how many sandboxes should be pre-warmed for it? The judgement
 * the workshop rehearsal (rehearsal.ts) and the workshop bench (bench/workshop.ts) share, from what they measured:
 * each arrival's first prompt and whether its sandbox came from the pool, keystroke echoes, host memory. Pure.
 */
import type { RehearsalVerdict } from '../contracts/workshop.ts';

/** The issue's targets: 30 learners' first prompt p99 under 1 s, 100's under 3 s; in between, on the line between. */
export function ttfpTargetMs(learners: number): number {
  if (learners <= 30) return 1000;
  if (learners >= 100) return 3000;
  return Math.round(1000 + ((learners - 30) * 2000) / 70);
}

/**
 * A keystroke echoed within 100 ms reads as instant to a person. The terminal's own target (p99 < 25 ms with 100
 * shells open, docs/benchmarks.md) is for a settled host; this one is for the minute the class arrives, while
 * sandboxes are being made on the same cores.
 */
export const ECHO_P99_TARGET_MS = 100;

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Spread {
  p50: number;
  p99: number;
  n: number;
}

/** p50 and p99 to 0.1 ms (null when there was nothing to measure, so JSON keeps it). */
export function spread(samples: readonly number[]): Spread {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(samples, 50)), p99: r(percentile(samples, 99)), n: samples.length };
}

export interface Arrival {
  /** Undefined: this learner got no prompt (see `error`). */
  ttfpMs: number | undefined;
  fromPool: boolean;
  error?: string | undefined;
}

export interface BurstFacts {
  arrivals: readonly Arrival[];
  echoMs: readonly number[];
  /** MiB the host could still give: before the burst, and the lowest seen during it. */
  memory: { beforeMb: number; lowestMb: number; reserveMb: number };
  /**
   * How many sandboxes of the lesson's profile this host can promise to keep pre-warmed now, if known: prewarm.ts's
   * hostCanHold, which counts a sandbox not yet started at its memory limit (a ceiling; a shell uses far less).
   */
  hostCanHold?: number | undefined;
}

/** The contract's verdict (contracts/workshop.ts): the page shows it as the server gives it. */
export type Verdict = RehearsalVerdict;

export function judgeBurst(facts: BurstFacts): Verdict {
  const learners = facts.arrivals.length;
  const target = ttfpTargetMs(learners);
  const reasons: string[] = [];
  const failed = facts.arrivals.filter((a) => a.ttfpMs === undefined);
  if (failed.length > 0) {
    reasons.push(`${failed.length} of ${learners} learners got no prompt (${failed.find((a) => a.error)?.error ?? 'no reason given'}).`);
  }
  const prompted = facts.arrivals.flatMap((a) => (a.ttfpMs === undefined ? [] : [a.ttfpMs]));
  const ttfpP99 = percentile(prompted, 99);
  if (prompted.length > 0 && !(ttfpP99 <= target)) {
    reasons.push(`The first prompt took ${Math.round(ttfpP99)} ms at p99, over the ${target} ms target for ${learners} learners.`);
  }
  const echoP99 = percentile(facts.echoMs, 99);
  if (facts.echoMs.length > 0 && !(echoP99 <= ECHO_P99_TARGET_MS)) {
    reasons.push(`Typing echoed in ${Math.round(echoP99)} ms at p99, over ${ECHO_P99_TARGET_MS} ms.`);
  }
  if (facts.memory.lowestMb < facts.memory.reserveMb) {
    reasons.push(`The host's free memory fell to ${Math.round(facts.memory.lowestMb)} MiB, under the ${facts.memory.reserveMb} MiB it keeps free.`);
  }
  const coldInTime = facts.arrivals.filter((a) => !a.fromPool && a.ttfpMs !== undefined && a.ttfpMs <= target).length;
  const poolSize = Math.max(0, learners - coldInTime);
  const canHold = facts.hostCanHold;
  const poolFits = canHold === undefined || poolSize <= canHold;
  const advice =
    poolSize === 0
      ? `This host starts ${learners} sandboxes from nothing within ${target} ms: no pre-warm is needed.`
      : poolFits
        ? `Pre-warm at least ${poolSize} sandboxes before the start${canHold === undefined ? '' : ` (this host can keep ${canHold} ready)`}.`
        : `Pre-warm ${poolSize} sandboxes: more than the ${canHold} this host can promise by the sandboxes' memory limits, so check that the pre-warm reaches ${poolSize} ready, or stagger the start.`;
  return { holds: reasons.length === 0, reasons, ttfpTargetMs: target, echoTargetMs: ECHO_P99_TARGET_MS, poolSize, poolFits, advice };
}
