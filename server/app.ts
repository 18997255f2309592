/**
 * buildApp(deps) wires Boxlab from its parts; it does no I/O of its own and never listens (main.ts does), so tests
 * build one on port 0 with a real engine and their own config. What needs the host (images, /dev/kvm, the CPU
 * count, the database) is prepared before, by host-setup.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { lessonIndex } from './checks/lesson-scripts.ts';
import { lessonSetupHook } from './checks/setup-hook.ts';
import type { Config } from './config/schema.ts';
import type { LessonManifest } from './contracts/manifest.ts';
import type { Clock } from './domain/clock.ts';
import { expiryMessage } from './domain/lease.ts';
import { RateLimiter } from './domain/rate-limit.ts';
import { registerApiRoutes } from './http/api-routes.ts';
import { registerHealthRoutes } from './http/health-routes.ts';
import { serverWithPreviews, type PreviewDeps } from './http/preview.ts';
import { registerIdentity, registerSite } from './http/site.ts';
import { registerTerminalUpgrade } from './http/terminal-upgrade.ts';
import { lessonKeyMap } from './sandbox/claims.ts';
import type { CpuPlacement } from './sandbox/cpu-placement.ts';
import type { Catalog } from './sandbox/profile-catalog.ts';
import { startRegistryCache } from './sandbox/registry-cache.ts';
import type { SandboxRuntime } from './sandbox/runtime.ts';
import { hostPressure } from './sessions/host-pressure.ts';
import { SandboxManager } from './sessions/sandbox-manager.ts';
import type { ProgressStore } from './store/progress-store.ts';
import { AgentLinks } from './terminal/agent-links.ts';
import { TerminalRegistry } from './terminal/terminal-registry.ts';
import { handleTerminalSocket } from './terminal/terminal-socket.ts';

export { TERMINAL_PATH } from './http/terminal-upgrade.ts';

export interface AppDeps {
  config: Config;
  runtime: SandboxRuntime;
  clock: Clock;
  /** Signs learner cookies. */
  secret: string;
  /** The profiles this server offers (sandbox/catalog-loader.ts). */
  catalog: Catalog;
  manifest: LessonManifest;
  /** Closed with the app. */
  store: ProgressStore;
  /** Pins sandboxes to host CPUs; undefined: they run on any. */
  cpuPlacement?: CpuPlacement | undefined;
}

export interface Boxlab {
  app: FastifyInstance;
  manager: SandboxManager;
  registry: TerminalRegistry;
  store: ProgressStore;
  /** Adopt existing sandboxes and start the reaper. */
  start(): Promise<void>;
}

export async function buildApp(deps: AppDeps): Promise<Boxlab> {
  const { config, runtime, clock, secret, store } = deps;
  let preview: PreviewDeps | undefined;
  const app = Fastify({ logger: { level: config.logLevel }, serverFactory: serverWithPreviews(() => preview) });
  app.addHook('onClose', async () => store.close());
  const lessonKeys = lessonKeyMap(deps.manifest.lessons.map((l) => l.id));
  const lessons = lessonIndex(deps.manifest);
  // Sandboxes outlive the server; their agents link again to the same directories after a restart.
  const agentLinks = new AgentLinks({ root: config.agentDir });
  app.addHook('onClose', async () => agentLinks.close());
  const manager: SandboxManager = new SandboxManager({
    ...config,
    runtime,
    clock,
    catalog: deps.catalog.profiles,
    lessonKeys,
    agentDirs: agentLinks,
    cpuPlacement: deps.cpuPlacement,
    rateLimiter: new RateLimiter({ burst: config.createPerMinPerIp, perMinute: config.createPerMinPerIp }, clock),
    pressure: hostPressure(runtime, config),
    log: app.log,
    events: {
      // The lesson's setup script, before anyone gets the sandbox.
      claimed: lessonSetupHook({ runtime, lessons, contentRoot: config.contentRoot, timeoutMs: config.setupTimeoutMs, log: app.log }),
      removed: (sandbox, reason) => void registry.closeSandbox(sandbox.id, `Your sandbox was removed (${reason}). Reload the page for a fresh one.`),
      expiring: (sandbox, msLeft) => void registry.notifySandbox(sandbox.id, { type: 'status', state: 'expiring', message: expiryMessage(msLeft) }),
    },
  });
  // A shell nobody watches lives as long as its sandbox could stay idle.
  const registry = new TerminalRegistry({ runtime, links: agentLinks, replayBytes: 256 * 1024, lingerMs: config.idleTimeoutMs, onActivity: (s) => manager.touch(s) });
  preview = { secret, manager, runtime, lessonKeys, log: app.log };

  registerIdentity(app, secret, config.cookieSecure);
  registerApiRoutes(app, { ...config, runtime, manager, lessons, timeoutMs: config.checkTimeoutMs, store, secret, clock });
  registerHealthRoutes(app, manager, deps.catalog.profiles);
  await registerSite(app, config.siteDir);
  const lessonNeeds = (id: string) => {
    const lesson = lessons.get(id);
    return lesson && { profile: lesson.profile ?? 'shell', network: lesson.network ?? 'none' };
  };
  registerTerminalUpgrade(app, {
    ...config,
    secret,
    onSocket: (ws, who) => handleTerminalSocket(ws, who, { manager, registry, lessonNeeds, helloTimeoutMs: 10_000, log: app.log }),
  });

  let reaper: ReturnType<typeof setInterval> | undefined;
  app.addHook('preClose', async () => {
    clearInterval(reaper);
    // Sandboxes stay running on purpose: the next start adopts them, so a restart loses no work.
    manager.stop();
  });
  const start = async () => {
    // Before any docker sandbox starts: their engines look for the cache's socket once, when they boot.
    if (deps.catalog.registryCache) await startRegistryCache(runtime, deps.catalog.registryCache, (line) => app.log.info(line));
    await manager.reconcile();
    manager.fillPool();
    reaper = setInterval(() => void manager.reap().catch((err: unknown) => app.log.error({ err }, 'reaper failed')), config.reapIntervalMs);
    reaper.unref();
  };
  return { app, manager, registry, store, start };
}
