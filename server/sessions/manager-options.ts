/** What the sandbox manager is given (its engine, limits, catalog, hooks) and what one acquire may ask. */
import type { NetworkMode } from '../contracts/lesson.ts';
import type { StartStep } from '../contracts/start-steps.ts';
import type { Clock } from '../domain/clock.ts';
import type { RateLimiter } from '../domain/rate-limit.ts';
import type { CpuPlacement } from '../sandbox/cpu-placement.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { Caller } from './acquire-sharing.ts';
import type { ClaimRecords } from './claim-records.ts';
import type { HostPressure } from './host-pressure.ts';
import type { ClaimTarget } from './lab.ts';
import type { AgentDirs, Log } from './sandbox-factory.ts';
import type { ClaimedSandbox, PooledSandbox } from './sandbox.ts';

export interface AcquireOptions extends Caller {
  /** The lesson's network (contracts/lesson.ts); an `isolated` one is never taken from the pool. */
  network?: NetworkMode | undefined;
  /** Whom the creation rate counts: the client's address, or `learner:<id>` for a workshop's members; none: no limit. */
  ip?: string | undefined;
  /** This sandbox's time-to-live, when not the server's (a workshop's sandbox lifetime). */
  ttlMs?: number | undefined;
}

export interface ManagerEvents {
  /** After a sandbox is removed, so terminals attached to it can be closed. */
  removed?: (sandbox: ClaimedSandbox | PooledSandbox, reason: string) => void;
  /** Shortly before a sandbox's time-to-live ends. */
  expiring?: (sandbox: ClaimedSandbox, msLeft: number) => void;
  /**
   * A started sandbox is about to join the warm pool: make it warmer (start the default terminal's shell, so a
   * learner who claims it needs no exec before the first prompt). A failure only costs that head start.
   */
  pooled?: (sandbox: PooledSandbox) => Promise<void>;
  /** After a sandbox is handed to a learner's lesson (fresh or from the pool), before it is returned. */
  claimed?: (sandbox: ClaimedSandbox, onStep?: (step: StartStep) => void) => Promise<void>;
}

export interface ManagerOptions {
  runtime: SandboxRuntime;
  clock: Clock;
  instance: string;
  extraLabels: Record<string, string>;
  idleTimeoutMs: number;
  ttlMs: number;
  maxLifetimeMs: number;
  expiryWarningMs: number;
  maxSandboxes: number;
  maxPerLearner: number;
  /** 0: no limit while the learner's page is open. */
  queueTimeoutMs: number;
  /** How long a queued acquire whose callers all left waits for one to come back (default QUEUE_PLACE_KEPT_MS). */
  queuePlaceKeptMs?: number;
  catalog: ProfileCatalog;
  /** lesson key (claims.ts) → lesson id, for reading claims back after a restart. */
  lessonKeys: ReadonlyMap<string, string>;
  /** A lab node's claim key (lab.ts labKeyMap) → its lesson and node, for reading labs back after a restart. */
  labKeys?: ReadonlyMap<string, ClaimTarget> | undefined;
  rateLimiter: RateLimiter;
  pressure: HostPressure;
  log: Log;
  events?: ManagerEvents;
  /** Each sandbox's host directory for its terminal agents (terminal/agent-links.ts). */
  agentDirs: AgentDirs;
  /** Where claims are recorded before the containers are renamed (claim-records.ts); default: agent directory files. */
  claimRecords?: ClaimRecords | undefined;
  /** Pins new sandboxes to host CPUs (BOXLAB_CPU_PINNING); undefined: they run on any. */
  cpuPlacement?: CpuPlacement | undefined;
  /** Longest a new sandbox's service (the docker profile's engine) may take to start (default 60 s). */
  serviceTimeoutMs?: number | undefined;
}
