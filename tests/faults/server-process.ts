/**
 * Boxlab's own entry point (server/main.ts) in a child process, as an operator runs it, so a fault test can kill
 * it with SIGKILL and start it again on the same port, data dir, agent dir and instance. Every sandbox it makes
 * carries boxlab.test and this run's label; `destroy()` removes them and the directories.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { SECRET } from '../helpers/boxlab.ts';
import { removeTestContainers, TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { eventually } from '../helpers/eventually.ts';
import { TEST_SITE_DIR } from '../helpers/site.ts';

const NODE_FLAGS = ['--max-semi-space-size=1', '--expose-gc', '--single-threaded-gc', '--optimize-for-size'];

export interface ServerProcess {
  readonly baseUrl: string;
  readonly instance: string;
  readonly dataDir: string;
  /** Start the server (again) and resolve once /healthz answers, with how long that took. */
  start(): Promise<number>;
  /** SIGKILL: no graceful close, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** Graceful stop, then every sandbox and directory of the run removed. */
  destroy(): Promise<void>;
  /** What the server printed (for a failing test's message). */
  log(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function serverProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const instance = `f${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'boxlab-fault-data-'));
  const agentDir = mkdtempSync(join(tmpdir(), 'boxlab-fault-agents-'));
  const settings = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/root',
    PORT: String(port),
    HOST: '127.0.0.1',
    BOXLAB_SITE_DIR: TEST_SITE_DIR,
    BOXLAB_DATA_DIR: dataDir,
    BOXLAB_AGENT_DIR: agentDir,
    BOXLAB_INSTANCE: instance,
    BOXLAB_EXTRA_LABELS: `${TEST_LABEL}=1,${TEST_RUN_LABEL}=${testRunId()}`,
    BOXLAB_SECRET: SECRET,
    BOXLAB_LOG_LEVEL: 'warn',
    BOXLAB_LOG_FORMAT: 'json',
    BOXLAB_CANARY_INTERVAL_S: '0',
    ...env,
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const exited = () => child === undefined || child.exitCode !== null || child.signalCode !== null;

  const self: ServerProcess = {
    baseUrl,
    instance,
    dataDir,
    async start() {
      if (!exited()) throw new Error('the server is already running');
      const started = performance.now();
      child = spawn(process.execPath, [...NODE_FLAGS, 'server/main.ts'], { env: settings, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      await eventually(
        async () => {
          if (exited()) throw new Error(`the server exited: ${output.slice(-2000)}`);
          return (await fetch(`${baseUrl}/healthz`).catch(() => undefined))?.ok;
        },
        'the server to answer /healthz',
        60_000,
        50,
      );
      return performance.now() - started;
    },
    async kill() {
      const c = child;
      if (!c || exited()) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
    async destroy() {
      const c = child;
      if (c && !exited()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
          c.once('exit', () => (clearTimeout(timer), resolve()));
          c.kill('SIGTERM');
        });
      }
      const runtime = new DockerRuntime();
      await removeTestContainers(runtime, { instance });
      rmSync(agentDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
    log: () => output,
  };
  return self;
}
