/**
 * Start a real Boxlab (real Docker engine, real site build) on a free port for one test file, with its
 * own instance name so its sandboxes are its own, and remove them all afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type Boxlab } from '../../server/app.ts';
import { loadConfig } from '../../server/config/load.ts';
import type { Config } from '../../server/config/schema.ts';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { systemClock } from '../../server/domain/clock.ts';
import { readManifest } from '../../server/manifest-file.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { prepareHost } from '../../server/host-setup.ts';
import type { Catalog } from '../../server/sandbox/profile-catalog.ts';
import { instanceFilter } from '../../server/sandbox/labels.ts';
import type { TerminalSession } from '../../server/terminal/terminal-session.ts';
import { removeTestContainers, TEST_LABEL, TEST_RUN_LABEL, testRunId } from './cleanup.ts';
import { TEST_SITE_DIR } from './site.ts';

export interface RunningBoxlab {
  boxlab: Boxlab;
  config: Config;
  runtime: DockerRuntime;
  baseUrl: string;
  /** Containers of this instance, as the engine sees them. */
  containers(): Promise<{ id: string; labels: Record<string, string> }[]>;
  /** Stop the server (sandboxes keep running, as in production). */
  close(): Promise<void>;
  /** Stop and remove every sandbox this instance made. */
  destroy(): Promise<void>;
}

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A manifest of two tiny lessons, for tests about several lessons per learner. */
export const TWO_LESSONS: LessonManifest = {
  version: 1,
  lessons: ['test/one', 'test/two'].map((id) => ({ id, title: id, profile: 'shell' as const, network: 'none' as const, dir: 'tests/fixtures', exercises: [] })),
};

/**
 * `manifest`: use it instead of the test build's (e.g. to add lessons that are not pages); `catalog`: change the
 * profile catalog the host set-up made (e.g. point a profile at an image the engine lacks).
 */
export async function startBoxlab(
  env: Record<string, string> = {},
  instance = `t${randomBytes(4).toString('hex')}`,
  manifest?: LessonManifest,
  catalog: (made: Catalog) => Catalog = (made) => made,
  runtime: DockerRuntime = new DockerRuntime(),
): Promise<RunningBoxlab> {
  const config = loadConfig({
    PORT: '0',
    BOXLAB_SITE_DIR: TEST_SITE_DIR,
    // A fresh progress database per server unless the test shares one on purpose (restart tests).
    BOXLAB_DATA_DIR: env['BOXLAB_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'boxlab-test-')),
    BOXLAB_INSTANCE: instance,
    BOXLAB_EXTRA_LABELS: `${TEST_LABEL}=1,${TEST_RUN_LABEL}=${testRunId()}`,
    BOXLAB_LOG_LEVEL: 'warn',
    BOXLAB_SECRET: SECRET,
    // The echo canary holds a sandbox of its own while learners hold some: off unless a test is about it.
    BOXLAB_CANARY_INTERVAL_S: '0',
    ...env,
  });
  const host = await prepareHost(runtime, config, () => undefined);
  const boxlab = await buildApp({ ...host, catalog: catalog(host.catalog), config, runtime, clock: systemClock, secret: SECRET, manifest: manifest ?? readManifest(config.siteDir) });
  await boxlab.start();
  // PORT 0 (the default here): any free port; a test that must know it beforehand (an OIDC redirect URL) sets PORT.
  await boxlab.app.listen({ port: config.port, host: '127.0.0.1' });
  const address = boxlab.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await boxlab.app.close();
    // A database this helper made is nobody else's: it goes with the server (a shared one is the test's).
    if (!env['BOXLAB_DATA_DIR']) rmSync(config.dataDir, { recursive: true, force: true });
  };
  return {
    boxlab,
    config,
    runtime,
    baseUrl: `http://127.0.0.1:${address.port}`,
    containers: () => runtime.list(instanceFilter(instance)),
    close,
    async destroy() {
      await close();
      await removeTestContainers(runtime, { instance });
      await runtime.removeVolumes({ [TEST_LABEL]: '1', 'boxlab.instance': instance });
      // Labs' networks (sessions/lab.ts), now that no sandbox of this instance uses them.
      await runtime.pruneNetworks({ [TEST_LABEL]: '1', 'boxlab.instance': instance });
      // The sandboxes went straight to the engine, so their agent directories are this run's to clear.
      rmSync(config.agentDir, { recursive: true, force: true });
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The server-side session a test client is attached to (by its sandbox and terminal id). */
export async function sessionOf(box: RunningBoxlab, attached: { sandbox: string; terminal: string } | undefined): Promise<TerminalSession> {
  if (!attached) throw new Error('the client is not attached');
  const found = (await box.boxlab.registry.all()).find((s) => s.sandboxName === attached.sandbox && s.terminalId === attached.terminal);
  if (!found) throw new Error(`no session ${attached.terminal} in ${attached.sandbox}`);
  return found;
}
