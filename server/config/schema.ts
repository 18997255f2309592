/**
 * Every knob Boxlab reads from the environment, its default, and why it exists. Pure.
 * docs/operators.md mirrors this file; keep them in step.
 */
import { z } from 'zod';

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

export const envSchema = z.object({
  /** TCP port for the site, the API and the terminal WebSocket. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to listen on. Loopback by default: put a TLS proxy in front to serve a network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the built site lives (output of `astro build`). */
  BOXLAB_SITE_DIR: z.string().default('dist'),
  /** Where Boxlab keeps its own state: the cookie secret and the progress database (boxlab.sqlite). */
  BOXLAB_DATA_DIR: z.string().default('.data'),
  /** Secret that signs learner cookies. Unset: one is generated once and kept in the data dir. */
  BOXLAB_SECRET: z.string().min(32, 'BOXLAB_SECRET must be at least 32 characters').optional(),
  /** Mark cookies Secure (set when Boxlab is served over HTTPS). */
  BOXLAB_COOKIE_SECURE: bool(false),
  /** Extra origins allowed to open the terminal WebSocket, comma separated (the site's own is always allowed). */
  BOXLAB_ALLOWED_ORIGINS: list,
  /** Names this server's sandboxes, so several Boxlab servers (or test runs) can share one engine. */
  BOXLAB_INSTANCE: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/).default('default'),
  /** Seconds a sandbox with no attached terminal and no activity is kept before it is removed. */
  BOXLAB_IDLE_TIMEOUT_S: seconds(15 * 60),
  /** Hard time-to-live of a sandbox, in seconds, however active it is. */
  BOXLAB_TTL_S: seconds(4 * 60 * 60),
  /** How often the reaper looks for idle and expired sandboxes, in seconds. */
  BOXLAB_REAP_INTERVAL_S: seconds(15),
  /** Most sandboxes this server runs at once. */
  BOXLAB_MAX_SANDBOXES: z.coerce.number().int().positive().default(100),
  /** Memory limit of a `shell` sandbox, in MiB (swap is not allowed on top). */
  BOXLAB_SHELL_MEMORY_MB: z.coerce.number().int().min(32).default(256),
  /** CPU limit of a `shell` sandbox, in cores (fractions allowed). */
  BOXLAB_SHELL_CPUS: z.coerce.number().positive().max(64).default(0.5),
  /** Most processes in a `shell` sandbox. */
  BOXLAB_SHELL_PIDS: z.coerce.number().int().min(16).default(128),
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
  /** pino log level. */
  BOXLAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  siteDir: string;
  dataDir: string;
  secret: string | undefined;
  cookieSecure: boolean;
  allowedOrigins: string[];
  instance: string;
  idleTimeoutMs: number;
  ttlMs: number;
  reapIntervalMs: number;
  maxSandboxes: number;
  shell: { memoryMb: number; cpus: number; pids: number };
  extraLabels: Record<string, string>;
  contentRoot: string;
  checkTimeoutMs: number;
  setupTimeoutMs: number;
  checkRate: { burst: number; perMinute: number };
  logLevel: z.infer<typeof envSchema>['BOXLAB_LOG_LEVEL'];
}
