/**
 * What /metrics says, for Prometheus (prom-client): a registry of this app's own (tests run several apps in one
 * process; the library's global one would mix them). Gauges are read from their sources when scraped, so nothing
 * keeps counts twice; histograms and counters are fed by callbacks the app hands to the parts that see the events
 * (the terminal's hello, the check route, the error handlers). Node's process metrics come along.
 */
import { statSync } from 'node:fs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SandboxCensus } from '../sessions/sandbox-manager.ts';

export interface MetricsSources {
  census(): SandboxCensus;
  /** Shells open on this server (each terminal id in each sandbox). */
  terminalSessions(): number;
  /** The store's database file; its `-wal` beside it counts too. */
  storeFile: string;
}

export interface BoxlabMetrics {
  readonly registry: Registry;
  /** A terminal's hello was answered `ready`, this long after it came. */
  firstPrompt(ms: number, profile: string): void;
  /** A check ran to a verdict (passed, failed, timeout, broken) in this long. */
  checkFinished(status: string, ms: number): void;
  /** A learner or instructor was refused with this error code (contracts/errors.ts). */
  error(code: string, source: 'api' | 'terminal'): void;
  workshopJoined(): void;
  /** The echo canary (canary.ts) timed one keystroke's echo. */
  canaryEcho(ms: number): void;
  /** The echo canary could not open its shell, or its keystroke got no echo in time. */
  canaryFailed(reason: string): void;
}

/** Seconds: a warm-pool prompt is ~0.1 s, a cold one ~1 s, a queued one up to BOXLAB_QUEUE_TIMEOUT_S. */
const PROMPT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
/** Seconds: an echo is ~1–5 ms on a quiet host; tens of ms is a busy one, a second is a learner's complaint. */
const ECHO_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Seconds: a check is a script with a 10 s default timeout. */
const CHECK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function createMetrics(sources: MetricsSources): BoxlabMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'boxlab_sandboxes',
    help: 'Sandboxes this server holds, by profile and state (claimed: a learner has it; pooled: started, waiting for one).',
    labelNames: ['profile', 'state'] as const,
    registers,
    collect() {
      this.reset();
      const census = sources.census();
      // Every offered profile, at 0 too (a series that vanishes is not a 0 to Prometheus).
      for (const profile of new Set([...census.pooled.keys(), ...census.claimed.keys()])) {
        this.set({ profile, state: 'claimed' }, census.claimed.get(profile) ?? 0);
        this.set({ profile, state: 'pooled' }, census.pooled.get(profile) ?? 0);
      }
    },
  });
  new Gauge({
    name: 'boxlab_sandbox_slots',
    help: 'Slots counted against the limit without a sandbox in the books (reserved: one on its way in; unremoved: the engine failed to remove it).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const census = sources.census();
      this.set({ state: 'reserved' }, census.reserved);
      this.set({ state: 'unremoved' }, census.unremoved);
    },
  });
  new Gauge({
    name: 'boxlab_sandboxes_limit',
    help: 'Most sandboxes this server runs at once (BOXLAB_MAX_SANDBOXES).',
    registers,
    collect() {
      this.set(sources.census().limit);
    },
  });
  new Gauge({
    name: 'boxlab_pool_target',
    help: 'Started sandboxes the warm pool keeps, by profile (the configured size, or a workshop pre-warm above it).',
    labelNames: ['profile'] as const,
    registers,
    collect() {
      this.reset();
      for (const [profile, n] of sources.census().poolTargets) this.set({ profile }, n);
    },
  });
  new Gauge({
    name: 'boxlab_queue_length',
    help: 'Learners waiting for a sandbox (all are busy).',
    registers,
    collect() {
      this.set(sources.census().queued);
    },
  });
  new Gauge({
    name: 'boxlab_terminal_sessions',
    help: 'Shells open on this server (one per terminal id per sandbox, with or without a browser attached).',
    registers,
    collect() {
      this.set(sources.terminalSessions());
    },
  });
  new Gauge({
    name: 'boxlab_store_bytes',
    help: 'Size of the store on disk: the database file and its write-ahead log.',
    labelNames: ['file'] as const,
    registers,
    collect() {
      this.set({ file: 'db' }, fileBytes(sources.storeFile));
      this.set({ file: 'wal' }, fileBytes(`${sources.storeFile}-wal`));
    },
  });

  const firstPrompt = new Histogram({
    name: 'boxlab_first_prompt_seconds',
    help: "From a terminal's hello to `ready` (sandbox acquired, queue included; shell opened and attached), by profile.",
    labelNames: ['profile'] as const,
    buckets: PROMPT_BUCKETS,
    registers,
  });
  const checkDuration = new Histogram({
    name: 'boxlab_check_duration_seconds',
    help: "An exercise check's script run in the learner's sandbox, by verdict.",
    labelNames: ['status'] as const,
    buckets: CHECK_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'boxlab_errors_total',
    help: 'Refusals and failures answered to learners and instructors, by error code and where (api: a JSON route; terminal: the WebSocket).',
    labelNames: ['code', 'source'] as const,
    registers,
  });
  const joins = new Counter({ name: 'boxlab_workshop_joins_total', help: 'Learners who joined a workshop.', registers });
  const canaryEcho = new Histogram({
    name: 'boxlab_canary_echo_seconds',
    help: "One keystroke's echo through the canary's own shell (server, agent link, pty, shell and back), timed every BOXLAB_CANARY_INTERVAL_S while learners hold sandboxes.",
    buckets: ECHO_BUCKETS,
    registers,
  });
  const canaryLast = new Gauge({ name: 'boxlab_canary_echo_last_seconds', help: "The canary's latest echo time (0 until it has timed one).", registers });
  const canaryFailures = new Counter({
    name: 'boxlab_canary_failures_total',
    help: 'Canary rounds without an echo, by reason (open: its sandbox or shell could not be had; timeout: no echo in time; closed: its shell ended).',
    labelNames: ['reason'] as const,
    registers,
  });

  return {
    registry,
    firstPrompt: (ms, profile) => firstPrompt.observe({ profile }, ms / 1000),
    checkFinished: (status, ms) => checkDuration.observe({ status }, ms / 1000),
    error: (code, source) => errors.inc({ code, source }),
    workshopJoined: () => joins.inc(),
    canaryEcho: (ms) => {
      canaryEcho.observe(ms / 1000);
      canaryLast.set(ms / 1000);
    },
    canaryFailed: (reason) => canaryFailures.inc({ reason }),
  };
}
