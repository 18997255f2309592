/**
 * Every knob Boxlab reads from the environment, its default, and why it exists. Pure.
 * docs/operators.md mirrors this file; keep them in step.
 */
import { z } from 'zod';
import { basePathProblem } from './base-path.ts';

const seconds = (def: number) => z.coerce.number().int().positive().default(def);
const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Where the provider sends the browser back (contracts/workshop.ts `instructorOidcCallback`). */
export const OIDC_CALLBACK_PATH = '/api/instructor/oidc/callback';

/** https, or http to this machine: a provider reached in the clear elsewhere could be impersonated. */
function httpsOrLoopback(u: string): boolean {
  // Zod runs refinements on a value its .url() refused too: that one already has its message.
  if (!URL.canParse(u)) return true;
  const url = new URL(u);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}

export const envSchema = z.object({
  /** TCP port for the site, the API and the terminal WebSocket. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to listen on. Loopback by default: put a TLS proxy in front to serve a network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The sub-path Boxlab is served under behind a reverse proxy, e.g. /boxlab (a leading slash, none at the end).
   * Unset: the root. Every page, asset, API call, the WebSocket and the cookies live under it. Links are written at
   * build time: build the site with the same value (`BOXLAB_BASE_PATH=/boxlab npm run build`).
   */
  BOXLAB_BASE_PATH: z
    .string()
    .superRefine((value, ctx) => {
      const problem = basePathProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** Where the built site lives (output of `astro build`). */
  BOXLAB_SITE_DIR: z.string().default('dist'),
  /** Where Boxlab keeps its own state: the cookie secret and the progress database (boxlab.sqlite). */
  BOXLAB_DATA_DIR: z.string().default('.data'),
  /**
   * Host directory for the terminal agents' sockets, one directory per sandbox mounted into it. Unset:
   * /tmp/boxlab-<hash of BOXLAB_INSTANCE>. Absolute, and short: a socket's path has at most 107 bytes.
   */
  BOXLAB_AGENT_DIR: z
    .string()
    .regex(/^\//, 'must be an absolute path (the engine mounts it)')
    .max(80, 'must be at most 80 characters (unix socket paths are short)')
    .optional(),
  /** Secret that signs learner and instructor cookies. Unset: one is generated once and kept in the data dir. */
  BOXLAB_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Secrets that signed cookies before BOXLAB_SECRET, comma separated (each at least 32 characters): cookies they
   * signed are still accepted and signed again with BOXLAB_SECRET, so changing the secret cuts nobody off.
   */
  BOXLAB_SECRET_PREVIOUS: list.pipe(z.array(z.string().min(32, 'must be at least 32 characters'))),
  /** Mark cookies Secure (set when Boxlab is served over HTTPS). */
  BOXLAB_COOKIE_SECURE: bool(false),
  /** Extra origins allowed to open the terminal WebSocket, comma separated (the site's own is always allowed). */
  BOXLAB_ALLOWED_ORIGINS: list,
  /**
   * An origin of its own for web previews (http/preview-origin.ts), e.g. https://preview.example.org: a host name
   * apart from the site's that reaches this same server. Previews there are real origins (cookies and storage work,
   * and cannot reach Boxlab's). Unset: previews are served on the site with an opaque origin.
   */
  BOXLAB_PREVIEW_ORIGIN: z
    .string()
    .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), 'must be an http:// or https:// URL, e.g. https://preview.example.org')
    .refine((u) => !URL.canParse(u) || (new URL(u).pathname === '/' && !new URL(u).search && !new URL(u).hash && !new URL(u).username), 'must be an origin only (scheme, host, optional port), with no path, query or user, e.g. https://preview.example.org')
    .transform((u) => new URL(u).origin)
    .optional(),
  /** Names this server's sandboxes, so several Boxlab servers (or test runs) can share one engine. */
  BOXLAB_INSTANCE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores (it is part of container names)')
    .default('default'),
  /** Seconds a sandbox with no attached terminal and no activity is kept before it is removed. */
  BOXLAB_IDLE_TIMEOUT_S: seconds(15 * 60),
  /** Hard time-to-live of a sandbox, in seconds, however active it is. */
  BOXLAB_TTL_S: seconds(4 * 60 * 60),
  /** How often the reaper looks for idle and expired sandboxes, in seconds. */
  BOXLAB_REAP_INTERVAL_S: seconds(15),
  /** Most sandboxes this server runs at once. */
  BOXLAB_MAX_SANDBOXES: z.coerce.number().int().positive().default(100),
  /**
   * Most sandboxes one learner holds; opening another lesson recycles their least recently used one. Unset: 2, or the
   * largest lab's machine count when that is more (per-learner.ts).
   */
  BOXLAB_MAX_PER_LEARNER: z.coerce.number().int().positive().optional(),
  /** Sandboxes one IP address may start per minute (claims from the warm pool count too). */
  BOXLAB_CREATE_PER_MIN_PER_IP: z.coerce.number().int().positive().default(20),
  /**
   * Longest a learner waits in the queue for a free sandbox before being told the server is full, seconds; 0 (the
   * default): as long as their page stays open (they keep their place, and see it).
   */
  BOXLAB_QUEUE_TIMEOUT_S: z.coerce.number().int().min(0).default(0),
  /** Started `shell` sandboxes kept waiting for learners (the warm pool); they count against BOXLAB_MAX_SANDBOXES. */
  BOXLAB_POOL_SHELL: z.coerce.number().int().min(0).default(2),
  /** Longest a sandbox can live when its learner keeps extending it, seconds. */
  BOXLAB_MAX_LIFETIME_S: seconds(12 * 60 * 60),
  /** How long before a sandbox's time-to-live ends its learner is warned, seconds. */
  BOXLAB_EXPIRY_WARNING_S: seconds(5 * 60),
  /** New sandboxes are refused while the host has less free memory than this (MiB); running ones carry on. */
  BOXLAB_MIN_FREE_MEMORY_MB: z.coerce.number().int().min(0).default(512),
  /** New sandboxes are refused while Docker's data disk has less free space than this (MiB). */
  BOXLAB_MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(1024),
  /** Trust X-Forwarded-For for the client address (set when behind a reverse proxy). */
  BOXLAB_TRUST_PROXY: bool(false),
  /** OCI runtime for `shell` sandboxes (e.g. runsc for gVisor); unset = the engine's default (runc). */
  BOXLAB_SHELL_RUNTIME: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'must be the name of a runtime registered with Docker, e.g. runsc').optional(),
  /**
   * Offer the `docker` profile on plain runc by giving its sandboxes most capabilities and no seccomp filter.
   * A learner could then take over the host: only for trusted learners or throw-away hosts (docs/operators.md).
   */
  BOXLAB_DOCKER_ELEVATED: bool(false),
  /** Offer the `docker` profile on this OCI runtime instead (e.g. sysbox-runc), without elevation. */
  BOXLAB_DOCKER_RUNTIME: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'must be the name of a runtime registered with Docker, e.g. sysbox-runc').optional(),
  /** Memory limit of a `docker` sandbox, in MiB, including its engine's storage. */
  BOXLAB_DOCKER_MEMORY_MB: z.coerce.number().int().min(256).default(1536),
  /** Space for a `docker` sandbox's images and containers, in MiB (memory-backed, within the limit above). */
  BOXLAB_DOCKER_STORAGE_MB: z.coerce.number().int().min(64).default(1024),
  /** CPUs a `docker` sandbox may use (its engine and everything the learner runs in it). */
  BOXLAB_DOCKER_CPUS: z.coerce.number().positive().max(64).default(1),
  /** Processes a `docker` sandbox may hold, its engine's and nested containers' included. */
  BOXLAB_DOCKER_PIDS: z.coerce.number().int().min(64).default(1024),
  /**
   * An upstream registry (e.g. https://registry-1.docker.io) that docker sandboxes may pull any image from,
   * through one pull-through cache the server runs for all of them. Unset: only the practice images.
   */
  BOXLAB_DOCKER_REGISTRY_UPSTREAM: z
    .string()
    .url('must be a URL, e.g. https://registry-1.docker.io')
    .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
    .optional(),
  /** Credentials for that upstream (Docker Hub's pull limits are higher for an account). */
  BOXLAB_DOCKER_REGISTRY_USERNAME: z.string().min(1).optional(),
  BOXLAB_DOCKER_REGISTRY_PASSWORD: z.string().min(1).optional(),
  /** Started `docker` sandboxes (engine ready) kept waiting for learners. */
  BOXLAB_POOL_DOCKER: z.coerce.number().int().min(0).default(1),
  /**
   * on: pin each sandbox whose CPU limit is under the host's CPU count to that many of the least-loaded CPUs
   * (sandbox/cpu-placement.ts: a sandbox spread over all CPUs can wait hundreds of ms to run on a busy host);
   * off: every sandbox may run on any CPU.
   */
  BOXLAB_CPU_PINNING: z.enum(['on', 'off']).default('on'),
  /** Memory limit of a `shell` sandbox, in MiB (swap is not allowed on top). */
  BOXLAB_SHELL_MEMORY_MB: z.coerce.number().int().min(32).default(256),
  /** CPU limit of a `shell` sandbox, in cores (fractions allowed). */
  BOXLAB_SHELL_CPUS: z.coerce.number().positive().max(64).default(0.5),
  /** Most processes in a `shell` sandbox. */
  BOXLAB_SHELL_PIDS: z.coerce.number().int().min(16).default(128),
  /** Memory limit of a `vm` sandbox, in MiB: qemu, its 128 MiB guest and the learner's files (no swap on top). */
  BOXLAB_VM_MEMORY_MB: z.coerce.number().int().min(256).default(512),
  /** CPU limit of a `vm` sandbox, in cores; an emulated (TCG) guest keeps one busy while it boots. */
  BOXLAB_VM_CPUS: z.coerce.number().positive().max(64).default(1),
  /**
   * Labs kept ready (sessions/lab.ts warm labs): `lesson=count`, comma separated, e.g. `orchestration/swarm=2`; each counts
   * as many sandboxes as the lab has machines. None by default: a lab nobody takes holds several sandboxes' memory.
   */
  BOXLAB_POOL_LABS: list,
  /** Started `vm` sandboxes kept waiting for learners; they count against BOXLAB_MAX_SANDBOXES. */
  BOXLAB_POOL_VM: z.coerce.number().int().min(0).default(0),
  /** auto: give `vm` sandboxes the host's /dev/kvm when an unprivileged user could open it; off: emulation only. */
  BOXLAB_VM_KVM: z.enum(['auto', 'off']).default('auto'),
  /** Extra labels put on every sandbox, `key=value` comma separated (tests use `boxlab.test=1`). */
  BOXLAB_EXTRA_LABELS: list,
  /** Folder the lesson manifest's lesson folders are relative to: the repository, whose check scripts run. */
  BOXLAB_CONTENT_ROOT: z.string().default('.'),
  /** Seconds an exercise check may run before the learner is told it timed out. */
  BOXLAB_CHECK_TIMEOUT_S: seconds(10),
  /** Seconds a lesson's setup script may run when its sandbox is created. */
  BOXLAB_SETUP_TIMEOUT_S: seconds(30),
  /** Checks a learner may run at once before the rate limit applies (auto-checks count too). */
  BOXLAB_CHECK_BURST: z.coerce.number().int().positive().default(10),
  /** Checks per minute a learner may run on average after the burst. */
  BOXLAB_CHECKS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /**
   * Instructor tokens, comma separated (each at least 24 characters), for classroom workshops. Besides these, a
   * token is generated and printed once at the first start when no instructor token exists yet.
   */
  BOXLAB_INSTRUCTOR_TOKENS: list.pipe(z.array(z.string().min(24, 'must be at least 24 characters'))),
  /**
   * Optional instructor sign-in with an OpenID Connect provider: its issuer URL (https; http only on loopback, for
   * tests), this server's client id and secret there, the callback URL registered with it, and who may be an
   * instructor. All five or none (config/load.ts says which is missing).
   */
  BOXLAB_OIDC_ISSUER: z
    .string()
    .url('must be a URL, e.g. https://accounts.example.org')
    .refine(httpsOrLoopback, 'must be an https:// URL (http:// only for a provider on this machine, e.g. in tests)')
    .optional(),
  BOXLAB_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  BOXLAB_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  BOXLAB_OIDC_REDIRECT_URL: z
    .string()
    .url('must be a URL, e.g. https://boxlab.example.org/api/instructor/oidc/callback')
    .refine(httpsOrLoopback, 'must be an https:// URL (http:// only on this machine, e.g. in tests)')
    .refine((u) => !URL.canParse(u) || new URL(u).pathname.endsWith(OIDC_CALLBACK_PATH), `must end in ${OIDC_CALLBACK_PATH} (after BOXLAB_BASE_PATH), where Boxlab takes the provider's answer`)
    .optional(),
  /** Who may sign in as an instructor through the provider, comma separated: verified emails, or subjects (`sub`). */
  BOXLAB_OIDC_INSTRUCTORS: list,
  /** Attempts to join a workshop one IP address may make per minute (against guessing codes). */
  BOXLAB_JOIN_PER_MIN_PER_IP: z.coerce.number().int().positive().default(10),
  /**
   * Lets Prometheus read /metrics from another host: it must then send `Authorization: Bearer <this>`. Unset:
   * /metrics answers loopback clients only.
   */
  BOXLAB_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /**
   * How often the echo canary (observability/canary.ts) times one keystroke's echo through a shell of its own, in
   * seconds; it holds a sandbox only while learners hold some. 0: off.
   */
  BOXLAB_CANARY_INTERVAL_S: z.coerce.number().int().nonnegative().default(30),
  /** pino log level. */
  BOXLAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json: one JSON object per line (for a log collector); lines: readable lines; auto: lines on a terminal, else json. */
  BOXLAB_LOG_FORMAT: z.enum(['auto', 'json', 'lines']).default('auto'),
});

/** The progress database's file name inside BOXLAB_DATA_DIR (backups restore into it). */
export const STORE_FILE_NAME = 'boxlab.sqlite';

export interface RegistryUpstream {
  url: string;
  username: string | undefined;
  password: string | undefined;
}

export interface Config {
  port: number;
  host: string;
  /** The sub-path Boxlab is served under: '' (the root) or e.g. '/boxlab' (BOXLAB_BASE_PATH). */
  basePath: string;
  siteDir: string;
  dataDir: string;
  /** Where each sandbox's terminal-agent socket directory is made (BOXLAB_AGENT_DIR). */
  agentDir: string;
  secret: string | undefined;
  /** Secrets that still verify cookies (BOXLAB_SECRET_PREVIOUS); cookies they signed are signed again with the current one. */
  previousSecrets: string[];
  /** undefined: /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  /** 0: the echo canary is off. */
  canaryIntervalMs: number;
  cookieSecure: boolean;
  allowedOrigins: string[];
  /** The previews' own origin (BOXLAB_PREVIEW_ORIGIN), normalized; undefined: previews on the site, opaque. */
  previewOrigin: string | undefined;
  instance: string;
  idleTimeoutMs: number;
  ttlMs: number;
  reapIntervalMs: number;
  maxSandboxes: number;
  /** BOXLAB_MAX_PER_LEARNER, or the default; the server raises an unset one to its largest lab (`maxPerLearnerSet`). */
  maxPerLearner: number;
  /** Whether BOXLAB_MAX_PER_LEARNER was set (then it is kept as is). */
  maxPerLearnerSet?: boolean;
  createPerMinPerIp: number;
  queueTimeoutMs: number;
  pool: { shell: number; docker: number; vm: number };
  /** BOXLAB_POOL_LABS: ready labs kept per lab lesson. */
  poolLabs?: Record<string, number>;
  maxLifetimeMs: number;
  expiryWarningMs: number;
  minFreeMemoryMb: number;
  minFreeDiskMb: number;
  trustProxy: boolean;
  shell: { memoryMb: number; cpus: number; pids: number; runtime: string | undefined };
  cpuPinning: 'on' | 'off';
  /** undefined: the docker profile is not offered. */
  docker:
    | {
        memoryMb: number;
        cpus: number;
        pids: number;
        runtime: string | undefined;
        elevated: boolean;
        storageMb: number;
        /** undefined: no pull-through cache, the practice images only. */
        registryUpstream: RegistryUpstream | undefined;
      }
    | undefined;
  vm: { memoryMb: number; cpus: number; pids: number; kvm: 'auto' | 'off' };
  extraLabels: Record<string, string>;
  contentRoot: string;
  checkTimeoutMs: number;
  setupTimeoutMs: number;
  checkRate: { burst: number; perMinute: number };
  logLevel: z.infer<typeof envSchema>['BOXLAB_LOG_LEVEL'];
  logFormat: z.infer<typeof envSchema>['BOXLAB_LOG_FORMAT'];
  /** Configured instructor tokens (not stored: compared by hash at sign-in). */
  instructorTokens: string[];
  /** undefined: no sign-in with an OpenID Connect provider. */
  oidc: OidcSettings | undefined;
  joinPerMinPerIp: number;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** Verified emails or subjects that may sign in as instructors. */
  instructors: string[];
}
