/**
 * Boxlab as a separate process, as in production, so its memory is measured alone. Every sandbox it makes
 * carries boxlab.test=1 and a bench instance name, and `stop()` removes them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.ts';
import { instanceFilter } from '../../server/sandbox/labels.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  baseUrl: string;
  instance: string;
  pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const instance = `bench${Date.now().toString(36)}`;
  // The sandboxes' terminal-agent directories: this run's, removed with its sandboxes.
  const agentDir = `/tmp/boxlab-${instance}`;
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BOXLAB_INSTANCE: instance,
      BOXLAB_AGENT_DIR: agentDir,
      BOXLAB_EXTRA_LABELS: 'boxlab.test=1',
      BOXLAB_LOG_LEVEL: 'warn',
      BOXLAB_CREATE_PER_MIN_PER_IP: '100000',
      BOXLAB_MAX_PER_LEARNER: '5',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Boxlab is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  const runtime = new DockerRuntime();
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const left = await runtime.list(instanceFilter(instance));
    await Promise.all(left.map((c) => runtime.remove(c.id)));
    rmSync(agentDir, { recursive: true, force: true });
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    instance,
    pid: child.pid!,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024,
    stop: async () => {
      process.off('SIGINT', onSignal);
      await stop();
    },
  };
}

export function memAvailableMb(): number {
  return Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024;
}
