/**
 * The host's Docker engine, restarted as it was started: its command line and environment read from
 * /proc/<pid>, its pid from the pidfile it was given (scripts/provision.sh: /var/run/boxlab-dockerd.pid). Other
 * work shares this engine, so the window is kept short, and `ensureRunning()` (call it in afterAll) starts it again
 * whatever happened to the test.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';

const PIDFILE = '/var/run/boxlab-dockerd.pid';
const LOG = '/var/log/boxlab-dockerd.log';

interface EngineCommand {
  argv: string[];
  env: Record<string, string>;
}

const nulSplit = (text: string) => text.split('\0').filter((s) => s.length > 0);

/** The running engine's pid and how it was started; undefined when the host's engine is not one we can restart. */
export function engineCommand(): (EngineCommand & { pid: number }) | undefined {
  if (!existsSync(PIDFILE)) return undefined;
  const pid = Number(readFileSync(PIDFILE, 'utf8').trim());
  if (!pid || !existsSync(`/proc/${pid}/cmdline`)) return undefined;
  const argv = nulSplit(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  if (!/dockerd$/.test(argv[0] ?? '')) return undefined;
  const env = Object.fromEntries(nulSplit(readFileSync(`/proc/${pid}/environ`, 'utf8')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { pid, argv, env };
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await done())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - started;
}

/** Whether the engine answers the docker CLI (the default socket), within 5 s. */
export function engineAnswers(): Promise<boolean> {
  return new Promise((resolve) => execFile('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 5000 }, (err) => resolve(!err)));
}

export class HostEngine {
  private readonly command: EngineCommand;
  private pid: number;

  constructor() {
    const found = engineCommand();
    if (!found) throw new Error(`no engine started with --pidfile ${PIDFILE} (scripts/provision.sh)`);
    this.command = found;
    this.pid = found.pid;
  }

  /** SIGTERM, as `systemctl stop docker` does; resolves when it has exited, with how long that took (ms). */
  async stop(): Promise<number> {
    process.kill(this.pid, 'SIGTERM');
    return until(() => !alive(this.pid), 'the engine to exit', 60_000);
  }

  /** Start it as it was started; resolves when it answers, with how long that took (ms). */
  async start(): Promise<number> {
    const out = openSync(LOG, 'a');
    const [bin, ...args] = this.command.argv;
    const child = spawn(bin!, args, { env: this.command.env, detached: true, stdio: ['ignore', out, out] });
    child.unref();
    this.pid = child.pid!;
    return until(engineAnswers, 'the engine to answer', 90_000);
  }

  /** Start it again if it is not running (a test that failed half way). */
  async ensureRunning(): Promise<void> {
    if (alive(this.pid) && (await until(engineAnswers, 'the engine to answer', 90_000).then(() => true, () => false))) return;
    if (!alive(this.pid)) await this.start();
  }
}
