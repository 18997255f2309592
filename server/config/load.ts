/**
 * The one place that turns the environment into typed config. Pure: callers pass the environment in,
 * so main.ts is the only module that touches process.env.
 */
import { createHash } from 'node:crypto';
import { ConfigError, schemaProblems, type ConfigProblem } from './problems.ts';
import { envSchema, OIDC_CALLBACK_PATH, type Config } from './schema.ts';
import { DEFAULT_MAX_PER_LEARNER } from './per-learner.ts';

export { ConfigError } from './problems.ts';

/** Settings that depend on each other, checked on what the environment says (each setting read alone). */
function crossProblems(env: Record<string, string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const labels = envSchema.shape.BOXLAB_EXTRA_LABELS.safeParse(env['BOXLAB_EXTRA_LABELS']);
  for (const pair of labels.data ?? []) {
    if (pair.indexOf('=') <= 0) {
      problems.push({ setting: 'BOXLAB_EXTRA_LABELS', text: `has ${JSON.stringify(pair)}, which is not key=value: write labels as key=value, comma separated.` });
    }
  }
  const elevated = envSchema.shape.BOXLAB_DOCKER_ELEVATED.safeParse(env['BOXLAB_DOCKER_ELEVATED']).data === true;
  if (env['BOXLAB_DOCKER_REGISTRY_UPSTREAM'] !== undefined && !elevated && env['BOXLAB_DOCKER_RUNTIME'] === undefined) {
    problems.push({
      setting: 'BOXLAB_DOCKER_REGISTRY_UPSTREAM',
      text: 'is set, but only docker sandboxes use it and the docker profile is off: set BOXLAB_DOCKER_RUNTIME or BOXLAB_DOCKER_ELEVATED too, or unset it.',
    });
  }
  if ((env['BOXLAB_DOCKER_REGISTRY_USERNAME'] === undefined) !== (env['BOXLAB_DOCKER_REGISTRY_PASSWORD'] === undefined)) {
    problems.push({ setting: 'BOXLAB_DOCKER_REGISTRY_USERNAME', text: 'and BOXLAB_DOCKER_REGISTRY_PASSWORD go together: set both or neither.' });
  }
  const redirect = env['BOXLAB_OIDC_REDIRECT_URL'];
  const base = env['BOXLAB_BASE_PATH'] ?? '';
  if (redirect !== undefined && URL.canParse(redirect) && new URL(redirect).pathname.endsWith(OIDC_CALLBACK_PATH)) {
    const path = new URL(redirect).pathname;
    if (path !== base + OIDC_CALLBACK_PATH) {
      problems.push({ setting: 'BOXLAB_OIDC_REDIRECT_URL', text: `has the path ${path}, but Boxlab takes the provider's answer at ${base + OIDC_CALLBACK_PATH} (BOXLAB_BASE_PATH${base ? ` is ${base}` : ' is unset'}): register and set that URL.` });
    }
  }
  for (const pair of (env['BOXLAB_POOL_LABS'] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!/^[^=]+=\d+$/.test(pair)) problems.push({ setting: 'BOXLAB_POOL_LABS', text: `has ${JSON.stringify(pair)}, which is not lesson=count: write e.g. docker/swarm=2, comma separated.` });
  }
  problems.push(...oidcProblems(env));
  return problems;
}

const OIDC_SETTINGS = ['BOXLAB_OIDC_ISSUER', 'BOXLAB_OIDC_CLIENT_ID', 'BOXLAB_OIDC_CLIENT_SECRET', 'BOXLAB_OIDC_REDIRECT_URL', 'BOXLAB_OIDC_INSTRUCTORS'] as const;

/** Sign-in with a provider needs all five settings; some of them alone is a mistake worth stopping for. */
function oidcProblems(env: Record<string, string>): ConfigProblem[] {
  const set = OIDC_SETTINGS.filter((s) => env[s] !== undefined && env[s].split(',').some((x) => x.trim() !== ''));
  if (set.length === 0 || set.length === OIDC_SETTINGS.length) return [];
  const missing = OIDC_SETTINGS.filter((s) => !set.includes(s));
  return missing.map((setting) => ({
    setting,
    text: `is missing: sign-in with an OpenID Connect provider needs ${OIDC_SETTINGS.join(', ')} together (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set). Set it, or unset the others.`,
  }));
}

/** Typed config from the environment; throws a ConfigError that lists every wrong setting at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" in most shells and .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = [...(parsed.success ? [] : schemaProblems(parsed.error.issues, cleaned)), ...crossProblems(cleaned)];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const extraLabels: Record<string, string> = {};
  for (const pair of e.BOXLAB_EXTRA_LABELS) {
    const eq = pair.indexOf('=');
    extraLabels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const poolLabs: Record<string, number> = {};
  for (const pair of e.BOXLAB_POOL_LABS) poolLabs[pair.slice(0, pair.lastIndexOf('='))] = Number(pair.slice(pair.lastIndexOf('=') + 1));
  const dockerOffered = e.BOXLAB_DOCKER_ELEVATED || e.BOXLAB_DOCKER_RUNTIME !== undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    basePath: e.BOXLAB_BASE_PATH ?? '',
    siteDir: e.BOXLAB_SITE_DIR,
    dataDir: e.BOXLAB_DATA_DIR,
    // Derived from the instance, so a restarted server listens where its sandboxes' mounts point.
    agentDir: e.BOXLAB_AGENT_DIR ?? `/tmp/boxlab-${createHash('sha256').update(e.BOXLAB_INSTANCE).digest('hex').slice(0, 12)}`,
    secret: e.BOXLAB_SECRET,
    previousSecrets: e.BOXLAB_SECRET_PREVIOUS,
    metricsToken: e.BOXLAB_METRICS_TOKEN,
    cookieSecure: e.BOXLAB_COOKIE_SECURE,
    allowedOrigins: e.BOXLAB_ALLOWED_ORIGINS,
    previewOrigin: e.BOXLAB_PREVIEW_ORIGIN,
    instance: e.BOXLAB_INSTANCE,
    idleTimeoutMs: e.BOXLAB_IDLE_TIMEOUT_S * 1000,
    ttlMs: e.BOXLAB_TTL_S * 1000,
    reapIntervalMs: e.BOXLAB_REAP_INTERVAL_S * 1000,
    canaryIntervalMs: e.BOXLAB_CANARY_INTERVAL_S * 1000,
    maxSandboxes: e.BOXLAB_MAX_SANDBOXES,
    maxPerLearner: e.BOXLAB_MAX_PER_LEARNER ?? DEFAULT_MAX_PER_LEARNER,
    maxPerLearnerSet: e.BOXLAB_MAX_PER_LEARNER !== undefined,
    createPerMinPerIp: e.BOXLAB_CREATE_PER_MIN_PER_IP,
    queueTimeoutMs: e.BOXLAB_QUEUE_TIMEOUT_S * 1000,
    pool: { shell: e.BOXLAB_POOL_SHELL, docker: e.BOXLAB_POOL_DOCKER, vm: e.BOXLAB_POOL_VM },
    poolLabs,
    maxLifetimeMs: e.BOXLAB_MAX_LIFETIME_S * 1000,
    expiryWarningMs: e.BOXLAB_EXPIRY_WARNING_S * 1000,
    minFreeMemoryMb: e.BOXLAB_MIN_FREE_MEMORY_MB,
    minFreeDiskMb: e.BOXLAB_MIN_FREE_DISK_MB,
    trustProxy: e.BOXLAB_TRUST_PROXY,
    cpuPinning: e.BOXLAB_CPU_PINNING,
    shell: { memoryMb: e.BOXLAB_SHELL_MEMORY_MB, cpus: e.BOXLAB_SHELL_CPUS, pids: e.BOXLAB_SHELL_PIDS, runtime: e.BOXLAB_SHELL_RUNTIME },
    docker:
      dockerOffered
        ? {
            memoryMb: e.BOXLAB_DOCKER_MEMORY_MB,
            cpus: e.BOXLAB_DOCKER_CPUS,
            pids: e.BOXLAB_DOCKER_PIDS,
            runtime: e.BOXLAB_DOCKER_RUNTIME,
            // A secure runtime isolates the nested engine itself; elevation is only for runc.
            elevated: !e.BOXLAB_DOCKER_RUNTIME,
            storageMb: e.BOXLAB_DOCKER_STORAGE_MB,
            registryUpstream: e.BOXLAB_DOCKER_REGISTRY_UPSTREAM
              ? { url: e.BOXLAB_DOCKER_REGISTRY_UPSTREAM, username: e.BOXLAB_DOCKER_REGISTRY_USERNAME, password: e.BOXLAB_DOCKER_REGISTRY_PASSWORD }
              : undefined,
          }
        : undefined,
    vm: { memoryMb: e.BOXLAB_VM_MEMORY_MB, cpus: e.BOXLAB_VM_CPUS, pids: e.BOXLAB_SHELL_PIDS, kvm: e.BOXLAB_VM_KVM },
    extraLabels,
    contentRoot: e.BOXLAB_CONTENT_ROOT,
    checkTimeoutMs: e.BOXLAB_CHECK_TIMEOUT_S * 1000,
    setupTimeoutMs: e.BOXLAB_SETUP_TIMEOUT_S * 1000,
    checkRate: { burst: e.BOXLAB_CHECK_BURST, perMinute: e.BOXLAB_CHECKS_PER_MINUTE },
    instructorTokens: e.BOXLAB_INSTRUCTOR_TOKENS,
    // crossProblems made sure these are all set or all unset.
    oidc:
      e.BOXLAB_OIDC_ISSUER && e.BOXLAB_OIDC_CLIENT_ID && e.BOXLAB_OIDC_CLIENT_SECRET && e.BOXLAB_OIDC_REDIRECT_URL
        ? {
            issuer: e.BOXLAB_OIDC_ISSUER,
            clientId: e.BOXLAB_OIDC_CLIENT_ID,
            clientSecret: e.BOXLAB_OIDC_CLIENT_SECRET,
            redirectUrl: e.BOXLAB_OIDC_REDIRECT_URL,
            instructors: e.BOXLAB_OIDC_INSTRUCTORS,
          }
        : undefined,
    joinPerMinPerIp: e.BOXLAB_JOIN_PER_MIN_PER_IP,
    logLevel: e.BOXLAB_LOG_LEVEL,
    logFormat: e.BOXLAB_LOG_FORMAT,
  };
}
