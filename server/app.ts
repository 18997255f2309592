/**
 * buildApp(deps) assembles Boxlab from its parts; it never listens (main.ts does), so tests build one
 * on port 0 with a real engine and their own config.
 */
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Config } from './config/schema.ts';
import { MAX_FRAME_BYTES } from './contracts/terminal-protocol.ts';
import type { LessonManifest } from './contracts/manifest.ts';
import type { Clock } from './domain/clock.ts';
import { learnerCookieHeader, LEARNER_COOKIE, newLearnerId, parseCookies, signLearner, verifyLearner } from './http/identity.ts';
import { clientAddress } from './http/client-address.ts';
import { isOriginAllowed } from './http/origin.ts';
import { handlePreview, PREVIEW_PREFIX, type PreviewDeps } from './http/preview.ts';
import { expiryMessage } from './domain/lease.ts';
import { RateLimiter } from './domain/rate-limit.ts';
import { lessonKeyMap } from './sandbox/claims.ts';
import { hostKvm } from './sandbox/kvm.ts';
import { CpuPlacement } from './sandbox/cpu-placement.ts';
import { dockerProfile, shellProfile, vmProfile, type SandboxProfile } from './sandbox/profiles.ts';
import { runtimeName, runtimeRefusal } from './sandbox/runtime-support.ts';
import { registryCacheMount, registryCacheSpec, startRegistryCache } from './sandbox/registry-cache.ts';
import { hostPressure } from './sessions/host-pressure.ts';
import type { SandboxRuntime } from './sandbox/runtime.ts';
import { SandboxManager } from './sessions/sandbox-manager.ts';
import { lessonIndex } from './checks/lesson-scripts.ts';
import { lessonSetupHook } from './checks/setup-hook.ts';
import { registerApiRoutes } from './http/api-routes.ts';
import type { ProgressStore } from './store/progress-store.ts';
import { openSqliteProgressStore } from './store/sqlite-progress-store.ts';
import { AgentLinks } from './terminal/agent-links.ts';
import { TerminalRegistry } from './terminal/terminal-registry.ts';
import { handleTerminalSocket } from './terminal/terminal-socket.ts';

export interface AppDeps {
  config: Config;
  runtime: SandboxRuntime;
  clock: Clock;
  /** Signs learner cookies. */
  secret: string;
  /** Image tag per image folder name (see sandbox/images.ts). */
  imageTags: Record<string, string>;
  manifest: LessonManifest;
  /** Progress store; default: node:sqlite in the data dir, closed with the app. */
  store?: ProgressStore;
}

export interface Boxlab {
  app: FastifyInstance;
  manager: SandboxManager;
  registry: TerminalRegistry;
  store: ProgressStore;
  /** Adopt existing sandboxes and start the reaper. */
  start(): Promise<void>;
}

export const TERMINAL_PATH = '/ws/terminal';

export async function buildApp(deps: AppDeps): Promise<Boxlab> {
  const { config } = deps;
  let preview: PreviewDeps | undefined;
  const app = Fastify({
    logger: { level: config.logLevel },
    // Previews stream raw HTTP to and from a sandbox, so they are answered before Fastify parses anything.
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (preview && req.url?.startsWith(PREVIEW_PREFIX)) {
          void handlePreview(req, res, preview).catch((err: unknown) => {
            app.log.error({ err }, 'preview failed');
            if (!res.headersSent) res.writeHead(500).end();
          });
        } else handler(req, res);
      }),
  });

  const profiles = new Map<string, { profile: SandboxProfile; imageTag: string; pool: number }>();
  const shellTag = deps.imageTags['shell'];
  if (shellTag) profiles.set('shell', { profile: shellProfile(config.shell), imageTag: shellTag, pool: config.pool.shell });
  const dockerTag = deps.imageTags['docker'];
  const cacheTag = deps.imageTags['registry-cache'];
  const upstream = dockerTag ? config.docker?.registryUpstream : undefined;
  if (upstream && !cacheTag) throw new Error('BOXLAB_DOCKER_REGISTRY_UPSTREAM is set but the registry-cache image was not given');
  const registryCache =
    upstream && cacheTag
      ? registryCacheSpec({ instance: config.instance, imageTag: cacheTag, upstream, extraLabels: config.extraLabels })
      : undefined;
  if (dockerTag && config.docker) {
    const options = { ...config.docker, registryCache: registryCache ? registryCacheMount(config.instance) : undefined };
    profiles.set('docker', { profile: dockerProfile(config.docker, options), imageTag: dockerTag, pool: config.pool.docker });
  }
  const vmTag = deps.imageTags['vm'];
  if (vmTag) {
    const kvm = config.vm.kvm === 'off' ? { reason: 'BOXLAB_VM_KVM=off' } : hostKvm();
    app.log.info({ kvm: Boolean(kvm.device), reason: kvm.reason }, kvm.device ? 'vm sandboxes get /dev/kvm' : 'vm sandboxes emulate (no /dev/kvm for them)');
    profiles.set('vm', { profile: vmProfile({ memoryMb: config.vm.memoryMb, cpus: config.vm.cpus, pids: config.vm.pids }, kvm.device), imageTag: vmTag, pool: config.pool.vm });
  }

  const lessonKeys = lessonKeyMap(deps.manifest.lessons.map((l) => l.id));
  const lessonsById = lessonIndex(deps.manifest);
  const store = deps.store ?? openSqliteProgressStore(join(config.dataDir, 'boxlab.sqlite'));
  if (!deps.store) app.addHook('onClose', async () => store.close());
  let registry: TerminalRegistry | undefined;
  // Sandboxes outlive the server; their agents link again to the same directories after a restart.
  const agentLinks = new AgentLinks({ root: config.agentDir });
  app.addHook('onClose', async () => agentLinks.close());
  const cpuPlacement = config.cpuPinning === 'on' ? await cpuPlacementFor(deps.runtime, app.log) : undefined;
  const manager = new SandboxManager({
    runtime: deps.runtime,
    agentDirs: agentLinks,
    cpuPlacement,
    clock: deps.clock,
    instance: config.instance,
    extraLabels: config.extraLabels,
    idleTimeoutMs: config.idleTimeoutMs,
    ttlMs: config.ttlMs,
    maxLifetimeMs: config.maxLifetimeMs,
    expiryWarningMs: config.expiryWarningMs,
    maxSandboxes: config.maxSandboxes,
    maxPerLearner: config.maxPerLearner,
    queueTimeoutMs: config.queueTimeoutMs,
    profiles,
    lessonKeys,
    rateLimiter: new RateLimiter({ burst: config.createPerMinPerIp, perMinute: config.createPerMinPerIp }, deps.clock),
    pressure: hostPressure(deps.runtime, config),
    log: app.log,
    events: {
      // The lesson's setup script, before anyone gets the sandbox.
      claimed: lessonSetupHook({ runtime: deps.runtime, lessons: lessonsById, contentRoot: config.contentRoot, timeoutMs: config.setupTimeoutMs, log: app.log }),
      removed: (sandbox, reason) => void registry?.closeSandbox(sandbox.id, `Your sandbox was removed (${reason}). Reload the page for a fresh one.`),
      expiring: (sandbox, msLeft) => void registry?.notifySandbox(sandbox.id, { type: 'status', state: 'expiring', message: expiryMessage(msLeft) }),
    },
  });
  registry = new TerminalRegistry({
    runtime: deps.runtime,
    links: agentLinks,
    replayBytes: 256 * 1024,
    // A shell nobody watches lives as long as its sandbox could stay idle.
    lingerMs: config.idleTimeoutMs,
    onActivity: (sandbox) => manager.touch(sandbox),
  });

  preview = { secret: deps.secret, manager, runtime: deps.runtime, lessonKeys, log: app.log };

  const lessons = new Map(deps.manifest.lessons.map((l) => [l.id, l]));
  const lessonNeeds = (lesson: string) => {
    const l = lessons.get(lesson);
    const offered = l && profiles.get(l.profile ?? 'shell');
    // A lesson that names the runtimes it works under is refused on any other (frontmatter `runtimes`).
    return l && { profile: l.profile ?? 'shell', network: l.network ?? 'none', refusal: offered && runtimeRefusal(l.runtimes, runtimeName(offered.profile)) };
  };

  // Every visitor gets an identity on first contact, before any page asks for a terminal.
  app.addHook('onRequest', async (req, reply) => {
    const cookie = parseCookies(req.headers.cookie).get(LEARNER_COOKIE);
    if (!verifyLearner(deps.secret, cookie)) {
      reply.header('set-cookie', learnerCookieHeader(signLearner(deps.secret, newLearnerId()), config.cookieSecure));
    }
  });

  registerApiRoutes(app, {
    runtime: deps.runtime,
    manager,
    lessons: lessonsById,
    contentRoot: config.contentRoot,
    timeoutMs: config.checkTimeoutMs,
    store,
    secret: deps.secret,
    allowedOrigins: config.allowedOrigins,
    clock: deps.clock,
    checkRate: config.checkRate,
  });

  app.get('/healthz', async () => ({
    ok: true,
    sandboxes: manager.size,
    pooled: Object.fromEntries([...profiles.keys()].map((p) => [p, manager.pooled(p).length])),
    queued: manager.queued,
  }));

  const siteDir = resolve(config.siteDir);
  if (existsSync(siteDir)) {
    await app.register(fastifyStatic, { root: siteDir, redirect: true, index: 'index.html' });
  } else {
    app.log.warn({ siteDir }, 'built site not found: run `npm run build` (only the API and terminal are served)');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const refuse = (socket: Duplex, status: string, message: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  };
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://boxlab.invalid').pathname;
    if (path !== TERMINAL_PATH) return refuse(socket, '404 Not Found', 'No WebSocket here.');
    if (!isOriginAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
      app.log.warn({ origin: req.headers.origin }, 'terminal WebSocket refused: foreign origin');
      return refuse(socket, '403 Forbidden', 'This origin may not open a terminal.');
    }
    const learner = verifyLearner(deps.secret, parseCookies(req.headers.cookie).get(LEARNER_COOKIE));
    if (!learner) return refuse(socket, '401 Unauthorized', 'No learner identity: load the site first.');
    const ip = clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, config.trustProxy);
    wss.handleUpgrade(req, socket, head, (ws) =>
      handleTerminalSocket(ws, { learner, ip }, { manager, registry, lessonNeeds, helloTimeoutMs: 10_000, log: app.log }),
    );
  });

  let reaper: ReturnType<typeof setInterval> | undefined;
  // preClose, not onClose: the HTTP server waits for open sockets before onClose runs, and upgraded
  // WebSockets would keep it waiting for ever.
  app.addHook('preClose', async () => {
    if (reaper) clearInterval(reaper);
    manager.stop();
    // Sandboxes stay running on purpose: the next start adopts them, so a restart loses no work.
    for (const ws of wss.clients) ws.close(1012, 'server restarting');
    wss.close();
  });

  return {
    app,
    manager,
    registry,
    store,
    async start() {
      // Before any docker sandbox starts: their engines look for the cache's socket once, when they boot.
      if (registryCache) await startRegistryCache(deps.runtime, registryCache, (line) => app.log.info(line));
      await manager.reconcile();
      manager.fillPool();
      reaper = setInterval(() => void manager.reap().catch((err) => app.log.error({ err }, 'reaper failed')), config.reapIntervalMs);
      reaper.unref();
    },
  };
}

/** Placement over the engine host's CPUs; none on a single-CPU host, or when the engine does not say. */
async function cpuPlacementFor(runtime: SandboxRuntime, log: { info(o: object, m: string): void; warn(o: object, m: string): void }): Promise<CpuPlacement | undefined> {
  try {
    const cpus = await runtime.hostCpus();
    log.info({ cpus }, cpus > 1 ? 'sandboxes are pinned to the least-loaded CPUs' : 'one CPU: sandboxes are not pinned');
    return cpus > 1 ? new CpuPlacement(cpus) : undefined;
  } catch (err) {
    log.warn({ err }, 'the engine did not say how many CPUs it has: sandboxes are not pinned');
    return undefined;
  }
}
