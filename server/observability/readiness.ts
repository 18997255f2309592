/**
 * Readiness: can this server take a learner now? Each check (readiness-checks.ts) gets a bounded time and says
 * in a sentence what it found. The answer is kept for a moment, so a load balancer's probes (or a storm of them)
 * cost the engine one call per check per `cacheMs`, and a check still running from before is not started again:
 * a hung engine holds one call, not one per probe.
 */

export interface ReadinessCheck {
  /** Short and stable: `engine`, `images`, `store`, `data-dir`. */
  readonly name: string;
  /** Who is asked, for a check that does not answer in time: "the Docker engine". */
  readonly asks: string;
  /** Resolves with what was found when it passes; throws an Error whose message says what failed and what to do. */
  run(): Promise<string>;
}

export interface CheckOutcome {
  name: string;
  ok: boolean;
  /** A sentence: what was found, or what failed and what to do. */
  message: string;
  ms: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** When the checks ran (ms since the epoch). */
  checkedAt: number;
  checks: CheckOutcome[];
}

export interface ReadinessOptions {
  /** Longest a check may take before it counts as failed. */
  timeoutMs: number;
  /** How long an answer is reused. */
  cacheMs: number;
  now: () => number;
}

export const READINESS_DEFAULTS = { timeoutMs: 2000, cacheMs: 2000 } as const;

export class Readiness {
  private readonly checks: readonly ReadinessCheck[];
  private readonly opts: ReadinessOptions;
  private last: ReadinessReport | undefined;
  private running: Promise<ReadinessReport> | undefined;
  /** Checks still running from an earlier round (timed out), by name, with when they started. */
  private readonly pending = new Map<string, { since: number; done: Promise<string> }>();

  constructor(checks: readonly ReadinessCheck[], options: ReadinessOptions) {
    this.checks = checks;
    this.opts = options;
  }

  /** The latest answer, fresh when the kept one is older than `cacheMs`; concurrent callers share one round. */
  report(): Promise<ReadinessReport> {
    if (this.last && this.opts.now() - this.last.checkedAt < this.opts.cacheMs) return Promise.resolve(this.last);
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<ReadinessReport> {
    const checkedAt = this.opts.now();
    const checks = await Promise.all(this.checks.map((check) => this.outcome(check)));
    this.last = { ready: checks.every((c) => c.ok), checkedAt, checks };
    return this.last;
  }

  private async outcome(check: ReadinessCheck): Promise<CheckOutcome> {
    const started = this.opts.now();
    const seconds = this.opts.timeoutMs / 1000;
    const earlier = this.pending.get(check.name);
    const done = earlier?.done ?? this.start(check, started);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.opts.timeoutMs)));
    try {
      const result = await Promise.race([done.then((message) => ({ ok: true, message }), (err: unknown) => ({ ok: false, message: messageOf(err) })), timedOut]);
      const ms = this.opts.now() - started;
      if (result !== 'timeout') return { name: check.name, ...result, ms };
      const since = this.pending.get(check.name)?.since ?? started;
      const waited = Math.round((this.opts.now() - since) / 1000);
      const message = earlier
        ? `No answer from ${check.asks} yet, to a check started ${waited} s ago (each may take ${seconds} s).`
        : `No answer from ${check.asks} within ${seconds} s.`;
      return { name: check.name, ok: false, message, ms };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Run a check, remembered while it runs so that a slow one is not started twice. */
  private start(check: ReadinessCheck, since: number): Promise<string> {
    const done = check.run();
    this.pending.set(check.name, { since, done });
    const forget = () => {
      if (this.pending.get(check.name)?.done === done) this.pending.delete(check.name);
    };
    done.then(forget, forget);
    return done;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
