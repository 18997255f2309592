/**
 * Boxlab for a benchmark, in a process of its own as in production (so the memory measured is the server's
 * alone), run with the node flags `npm start` gives it. Before it starts, the site it serves (site.ts) and the
 * learner images it needs are built if missing. Every sandbox it makes carries boxlab.test=1 and the run's
 * own instance name; `stop()` removes them all, and so does Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { ensureImage } from '../../server/sandbox/images.ts';
import { removeTestContainers } from '../../tests/helpers/cleanup.ts';
import { startChild } from './child.ts';
import { onInterrupt } from './interrupt.ts';
import { BENCH_SITE_DIR, ensureBenchSite } from './site.ts';

/** What the server process answers (server-child.ts says what each means). */
export type ServerRequest = 'memory' | 'usage' | 'quiet' | 'settled';

export interface BenchServer {
  baseUrl: string;
  instance: string;
  /** Resident memory now, in bytes, read from /proc: needs no answer from a busy server. */
  rss(): number;
  ask<T>(request: ServerRequest): Promise<T>;
  stop(): Promise<void>;
}

/** Settings every benchmark server has unless the benchmark says otherwise. */
const BENCH_DEFAULTS: Record<string, string> = {
  BOXLAB_SITE_DIR: BENCH_SITE_DIR,
  BOXLAB_LOG_LEVEL: 'error',
  BOXLAB_CREATE_PER_MIN_PER_IP: '100000',
  BOXLAB_MAX_PER_LEARNER: '5',
  // Its sandbox would count among the benchmark's.
  BOXLAB_CANARY_INTERVAL_S: '0',
};

/** `env`: Boxlab settings (BOXLAB_*), over the defaults above; `images`: the learner images the run uses. */
export async function startServer(env: Record<string, string> = {}, images: string[] = ['shell']): Promise<BenchServer> {
  ensureBenchSite();
  const runtime = new DockerRuntime();
  for (const image of new Set(images)) await ensureImage(runtime, image, (line) => console.error(`[bench] ${line}`));
  const instance = `bench${randomBytes(4).toString('hex')}`;
  // The sandboxes' terminal-agent directories: this run's, removed with its sandboxes.
  const agentDir = `/tmp/boxlab-${instance}`;
  const settings = { ...BENCH_DEFAULTS, BOXLAB_AGENT_DIR: agentDir, ...env };
  const child = await startChild('./server-child.ts', [instance, JSON.stringify(settings)], SERVER_NODE_FLAGS);
  let stopping: Promise<void> | undefined;
  // The child removes its sandboxes as it closes; a child killed by Ctrl-C could not, so they are removed here too.
  const stop = () =>
    (stopping ??= (async () => {
      await child.close();
      await removeTestContainers(runtime, { instance });
      // Labs' networks (server/sessions/lab.ts), once no sandbox of this run is on them.
      await runtime.pruneNetworks({ 'boxlab.instance': instance }).catch(() => undefined);
      rmSync(agentDir, { recursive: true, force: true });
    })());
  const forget = onInterrupt(stop);
  return {
    baseUrl: child.url,
    instance,
    rss: () => child.rss(),
    ask: (request) => child.ask(request),
    async stop() {
      forget();
      await stop();
    },
  };
}
