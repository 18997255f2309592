/**
 * buildApp(deps) wires Boxlab from its parts; it does no I/O of its own and never listens (main.ts does), so tests
 * build one on port 0 with a real engine and their own config. What needs the host (images, /dev/kvm, the CPU
 * count, the database) is prepared before, by host-setup.ts.
 */
import './contracts/english-messages.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { lessonIndex } from './checks/lesson-scripts.ts';
import { lessonSetupHook } from './checks/setup-hook.ts';
import { STORE_FILE_NAME, type Config } from './config/schema.ts';
import type { CheckResponse } from './contracts/api.ts';
import { workshopUrls } from './contracts/workshop.ts';
import type { LessonManifest } from './contracts/manifest.ts';
import { effectiveMaxPerLearner } from './config/per-learner.ts';
import { labPoolTargets } from './sessions/lab-targets.ts';
import type { Clock } from './domain/clock.ts';
import { cookieKeys } from './domain/cookie-keys.ts';
import { expiryMessage } from './domain/lease.ts';
import { RateLimiter } from './domain/rate-limit.ts';
import { apiErrorCode } from './http/api-errors.ts';
import { registerApiRoutes } from './http/api-routes.ts';
import { registerBasePath } from './http/base-path.ts';
import { registerCookies } from './http/cookies.ts';
import { registerHealthRoutes } from './http/health-routes.ts';
import { instructorOf, instructorTokens } from './http/instructor-auth.ts';
import { registerInstructorOidc } from './http/instructor-oidc.ts';
import { registerInstructorRoutes } from './http/instructor-routes.ts';
import { registerWorkshopRoutes } from './http/workshop-routes.ts';
import { registerResumeRoutes } from './http/resume-routes.ts';
import { registerTakeHomeRoutes } from './http/take-home-routes.ts';
import { registerFileRoutes } from './http/file-routes.ts';
import { serverWithPreviews, type PreviewDeps } from './http/preview.ts';
import { registerSite } from './http/site.ts';
import { registerTerminalUpgrade } from './http/terminal-upgrade.ts';
import { lessonKeyMap } from './sandbox/claims.ts';
import { labKeyMap, type ClaimTarget } from './sessions/lab.ts';
import type { CpuPlacement } from './sandbox/cpu-placement.ts';
import type { Catalog } from './sandbox/profile-catalog.ts';
import { runtimeName, runtimeRefusal } from './sandbox/runtime-support.ts';
import { startRegistryCache } from './sandbox/registry-cache.ts';
import type { SandboxRuntime } from './sandbox/runtime.ts';
import { availableMemoryMb, hostPressure, hostProbes } from './sessions/host-pressure.ts';
import { SandboxManager } from './sessions/sandbox-manager.ts';
import { EngineWatch } from './sessions/engine-watch.ts';
import type { Store } from './store/store.ts';
import { AgentLinks } from './terminal/agent-links.ts';
import { LocalTerminal } from './terminal/local-terminal.ts';
import { TerminalRegistry } from './terminal/terminal-registry.ts';
import { handleTerminalSocket } from './terminal/terminal-socket.ts';
import { Watchers } from './terminal/watchers.ts';
import { kernelReader } from './sandbox/kernel-reader.ts';
import { createClassroom, type Classroom } from './workshops/classroom.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics, type BoxlabMetrics } from './observability/metrics.ts';
import { Readiness, READINESS_DEFAULTS } from './observability/readiness.ts';
import { CANARY_LEARNER, EchoCanary, type CanaryHost } from './observability/canary.ts';
import { dataDirCheck, engineCheck, imagesCheck, storeCheck } from './observability/readiness-checks.ts';

export { TERMINAL_PATH } from './http/terminal-upgrade.ts';

export interface AppDeps {
  config: Config;
  runtime: SandboxRuntime;
  clock: Clock;
  /** Signs learner and instructor cookies; `config.previousSecrets` still verify (and are replaced by it). */
  secret: string;
  /** The profiles this server offers (sandbox/catalog-loader.ts). */
  catalog: Catalog;
  manifest: LessonManifest;
  /** Closed with the app. */
  store: Store;
  /** Pins sandboxes to host CPUs; undefined: they run on any. */
  cpuPlacement?: CpuPlacement | undefined;
  /** The server's logger (main.ts makes it); undefined: JSON on stdout at the configured level (tests). */
  log?: Logger | undefined;
}

export interface Boxlab {
  app: FastifyInstance;
  manager: SandboxManager;
  registry: TerminalRegistry;
  store: Store;
  classroom: Classroom;
  /** Adopt existing sandboxes and start the reaper. */
  start(): Promise<void>;
}

export async function buildApp(deps: AppDeps): Promise<Boxlab> {
  const { config, runtime, clock, store } = deps;
  const secret = cookieKeys(deps.secret, config.previousSecrets);
  let preview: PreviewDeps | undefined;
  // Typed as Fastify's base logger: routes take a FastifyInstance of the default logger type.
  const loggerInstance: FastifyBaseLogger = deps.log ?? createLogger({ level: config.logLevel, format: 'json' });
  const app = Fastify({ loggerInstance, serverFactory: serverWithPreviews(() => preview, config.basePath, config.previewOrigin) });
  registerBasePath(app, config.basePath);
  app.addHook('onClose', async () => store.close());
  const lessonKeys = lessonKeyMap(deps.manifest.lessons.map((l) => l.id));
  const lessons = lessonIndex(deps.manifest);
  const labKeys = labKeyMap(deps.manifest.lessons);
  // BOXLAB_POOL_LABS checked against the lessons now: a wrong one stops the start, saying which.
  const labTargets = labPoolTargets(config.poolLabs ?? {}, deps.manifest.lessons);
  // Workshops hear of every sandbox handed over or removed (their grid's sandbox column).
  let classroom: Classroom | undefined;
  const { manager, registry } = sandboxesAndTerminals(deps, app, lessons, { lessonKeys, labKeys }, (learner) => classroom?.sandboxChanged(learner));
  const watchers = new Watchers();
  classroom = createClassroom({
    ...config,
    store,
    manager,
    clock,
    catalog: deps.catalog.profiles,
    lessons,
    terminalsOf: (id) => registry.terminalsOf(id),
    notifySandbox: (id, text) => void registry.notifySandbox(id, { type: 'notice', kind: 'broadcast', text }),
    availableMemoryMb,
    openTerminal: (sandbox) => LocalTerminal.open(registry, manager, sandbox, 'main', { cols: 120, rows: 30 }),
  });
  preview = { secret, manager, runtime, lessonKeys, labKeys, log: app.log, basePath: config.basePath, allowedOrigins: config.allowedOrigins, previewOrigin: config.previewOrigin };
  const { metrics, readiness } = observability(deps, app, manager, registry);
  const canary = echoCanary(deps, app, manager, registry, metrics);
  const checkObserver = {
    ...classroom.observer,
    checked(learner: string, result: CheckResponse, auto: boolean) {
      metrics.checkFinished(result.status, result.durationMs);
      classroom?.observer.checked(learner, result, auto);
    },
  };

  registerCookies(app, secret, config.cookieSecure, () => clock.now());
  registerApiRoutes(app, { ...config, runtime, manager, lessons, timeoutMs: config.checkTimeoutMs, store, secret, clock, observer: checkObserver });
  registerWorkshopRoutes(app, { ...config, ...classroom, secret, clock });
  registerResumeRoutes(app, { ...config, store, manager, secret, clock });
  registerTakeHomeRoutes(app, { ...config, runtime, manager, lessons, secret, clock });
  registerFileRoutes(app, { allowedOrigins: config.allowedOrigins, runtime, manager, lessons, secret, clock });
  const tokens = instructorTokens(store, config.instructorTokens);
  registerInstructorRoutes(app, { ...config, ...classroom, secret, clock, tokens });
  registerInstructorOidc(app, { oidc: config.oidc, secret, clock, cookieSecure: config.cookieSecure, basePath: config.basePath });
  registerHealthRoutes(app, { manager, catalog: deps.catalog.profiles, readiness, metrics, metricsToken: config.metricsToken });
  await registerSite(app, config.siteDir, config.cookieSecure);
  const lessonNeeds = lessonNeedsOf(lessons, deps.catalog.profiles);
  const observer = { ready: (ms: number, profile: string) => metrics.firstPrompt(ms, profile), failed: (code: string) => metrics.error(code, 'terminal') };
  const socketDeps = { ...classroom, manager, registry, watchers, lessonNeeds, helloTimeoutMs: 10_000, log: app.log, observer, kernel: kernelReader(deps.runtime) };
  registerTerminalUpgrade(app, {
    ...config,
    secret,
    instructorOf: (req) => instructorOf(req, secret, clock.now(), tokens),
    onSocket: (ws, who) => handleTerminalSocket(ws, who, socketDeps),
  });

  const every = repeating(app);
  // Sandboxes that stop under the server (an engine restart without live-restore) are noticed within 2 s.
  const engineWatch = new EngineWatch({
    runtime,
    instance: config.instance,
    held: () => [...manager.list(), ...[...deps.catalog.profiles.keys()].flatMap((p) => manager.pooled(p)), ...manager.warmLabNodes()],
    remove: (sandbox, reason) => manager.remove(sandbox, reason),
    refill: () => manager.fillPool(),
    intervalMs: ENGINE_WATCH_MS,
    log: app.log,
  });
  app.addHook('preClose', async () => {
    engineWatch.stop();
    classroom.close();
    await canary?.stop();
    // Sandboxes stay running on purpose: the next start adopts them, so a restart loses no work.
    manager.stop();
  });
  const start = async () => {
    // Before any docker sandbox starts: their engines look for the cache's socket once, when they boot.
    if (deps.catalog.registryCache) await startRegistryCache(runtime, deps.catalog.registryCache, (line) => app.log.info(line));
    // Workshops' pre-warm targets first: the pool sandboxes they kept are adopted, not thrown away. The pool does
    // not fill until reconcile has adopted what the engine holds (manager.fillPool below).
    manager.holdPool();
    await classroom.prewarm.update().catch((err: unknown) => app.log.warn({ err }, 'workshop pre-warm failed'));
    await manager.reconcile();
    // After reconcile: a warm lab is never adopted (reconcile.ts), so one made before would be taken for a leftover.
    for (const t of labTargets) void manager.setLabPoolTarget(t.shape, 'config', t.count);
    manager.fillPool();
    engineWatch.start();
    every(config.reapIntervalMs, 'reaper', () => manager.reap());
    every(PREWARM_EVERY_MS, 'workshop pre-warm', () => classroom.prewarm.update());
    canary?.start();
  };
  return { app, manager, registry, store, classroom, start };
}

/**
 * Metrics (fed by hooks: the code of every refused API call, every workshop joined) and readiness, whose checks
 * look at what this app runs on: the engine, the catalog's images, the store's file, the data dir.
 */
function observability(deps: AppDeps, app: FastifyInstance, manager: SandboxManager, registry: TerminalRegistry) {
  const { config, runtime, clock } = deps;
  const storeFile = join(config.dataDir, STORE_FILE_NAME);
  const metrics = createMetrics({
    census: () => manager.census(),
    terminalSessions: () => manager.list().reduce((n, sandbox) => n + registry.terminalsOf(sandbox.id).length, 0),
    storeFile,
  });
  const checks = [engineCheck(runtime), imagesCheck(runtime, deps.catalog.profiles), storeCheck(storeFile), dataDirCheck(config.dataDir)];
  const readiness = new Readiness(checks, { ...READINESS_DEFAULTS, now: () => clock.now() });
  app.addHook('onError', async (_req, _reply, err) => metrics.error(apiErrorCode(err), 'api'));
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'POST' && req.routeOptions.url === workshopUrls.join && reply.statusCode < 300) metrics.workshopJoined();
  });
  return { metrics, readiness };
}

/**
 * The echo canary (observability/canary.ts): a shell in a sandbox of its own, for the first shell lesson, held only
 * while learners hold sandboxes, none is queued, and a slot is free beyond its own. Undefined when it is off.
 */
function echoCanary(deps: AppDeps, app: FastifyInstance, manager: SandboxManager, registry: TerminalRegistry, metrics: BoxlabMetrics) {
  const lesson = deps.manifest.lessons.find((l) => (l.profile ?? 'shell') === 'shell')?.id;
  if (deps.config.canaryIntervalMs <= 0 || lesson === undefined || !deps.catalog.profiles.has('shell')) return undefined;
  const host: CanaryHost = {
    wanted(holding) {
      const census = manager.census();
      if (census.queued > 0 || !manager.list().some((s) => s.learner !== CANARY_LEARNER)) return false;
      return holding || manager.size < census.limit - 1;
    },
    async open() {
      const sandbox = await manager.acquire(CANARY_LEARNER, lesson, 'shell');
      return LocalTerminal.open(registry, manager, sandbox, 'main', { cols: 80, rows: 24 });
    },
    async release() {
      const sandbox = manager.find(CANARY_LEARNER, lesson);
      if (sandbox) await manager.remove(sandbox, 'the echo canary is idle');
    },
  };
  return new EchoCanary(host, {
    intervalMs: deps.config.canaryIntervalMs,
    timeoutMs: 5000,
    now: () => performance.now(),
    echoed: (ms) => metrics.canaryEcho(ms),
    failed: (reason) => metrics.canaryFailed(reason),
    log: app.log,
  });
}

/** What sandbox a lesson needs, and why this server refuses it when it does (a runtime the lesson does not run on). */
function lessonNeedsOf(lessons: ReturnType<typeof lessonIndex>, catalog: Catalog['profiles']) {
  return (id: string) => {
    const lesson = lessons.get(id);
    const offered = lesson && catalog.get(lesson.profile ?? 'shell');
    // A lesson that names the runtimes it works under is refused on any other (frontmatter `runtimes`).
    const refusal = offered && runtimeRefusal(lesson.runtimes, runtimeName(offered.profile));
    return lesson && { profile: lesson.profile ?? 'shell', network: lesson.network ?? 'none', nodes: lesson.nodes, refusal };
  };
}

/** `every(ms, what, fn)`: run fn on an interval, logging its failures; every interval ends when the app closes. */
function repeating(app: FastifyInstance) {
  const timers: ReturnType<typeof setInterval>[] = [];
  app.addHook('preClose', async () => timers.forEach(clearInterval));
  return (ms: number, what: string, fn: () => Promise<unknown>) => {
    const timer = setInterval(() => void fn().catch((err: unknown) => app.log.error({ err }, `${what} failed`)), ms);
    timer.unref();
    timers.push(timer);
  };
}

/** How often the engine is asked whether the sandboxes held still run (only while some are held). */
const ENGINE_WATCH_MS = 2000;

/** How often the workshops' pre-warm targets are set again. */
const PREWARM_EVERY_MS = 5000;

/** The sandbox manager and the terminal registry, each telling the other what it needs. */
function sandboxesAndTerminals(
  deps: AppDeps,
  app: FastifyInstance,
  lessons: ReturnType<typeof lessonIndex>,
  keys: { lessonKeys: ReadonlyMap<string, string>; labKeys: ReadonlyMap<string, ClaimTarget> },
  changed: (learner: string) => void,
) {
  const { config, runtime, clock } = deps;
  // Sandboxes outlive the server; their agents link again to the same directories after a restart.
  const agentLinks = new AgentLinks({ root: config.agentDir });
  app.addHook('onClose', async () => agentLinks.close());
  const setup = lessonSetupHook({ runtime, lessons, contentRoot: config.contentRoot, timeoutMs: config.setupTimeoutMs, log: app.log });
  const manager: SandboxManager = new SandboxManager({
    ...config,
    runtime,
    clock,
    catalog: deps.catalog.profiles,
    ...keys,
    // Unset, it is at least the largest lab: a default server gives a 3-node lab its three machines.
    maxPerLearner: effectiveMaxPerLearner(config.maxPerLearnerSet === false ? undefined : config.maxPerLearner, deps.manifest.lessons),
    agentDirs: agentLinks,
    cpuPlacement: deps.cpuPlacement,
    rateLimiter: new RateLimiter({ burst: config.createPerMinPerIp, perMinute: config.createPerMinPerIp }, clock),
    pressure: hostPressure(hostProbes(runtime, config.dataDir), config),
    log: app.log,
    events: {
      // A pool sandbox gets its default shell started ahead: a class arriving at once then waits for no exec.
      pooled: (sandbox) => registry.prestart(sandbox),
      // The lesson's setup script, before anyone gets the sandbox.
      claimed: async (sandbox) => {
        await setup(sandbox);
        changed(sandbox.learner);
      },
      removed: (sandbox, reason) => {
        void registry.closeSandbox(sandbox.id, `Your sandbox was removed (${reason}). Reload the page for a fresh one.`);
        if (sandbox.state === 'claimed') changed(sandbox.learner);
      },
      expiring: (sandbox, msLeft) => void registry.notifySandbox(sandbox.id, { type: 'status', state: 'expiring', message: expiryMessage(msLeft) }),
    },
  });
  // A shell nobody watches lives as long as its sandbox could stay idle.
  const registry = new TerminalRegistry({ runtime, links: agentLinks, replayBytes: 256 * 1024, lingerMs: config.idleTimeoutMs, onActivity: (s) => manager.touch(s) });
  return { manager, registry };
}
