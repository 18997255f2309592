/**
 * `npm run bench -- sandbox [--out FILE] [--sessions N] [--held N]`
 *
 * - time to first prompt (WebSocket open → the prompt on screen), cold (no pool) and warm (from the pool)
 * - N shell sandboxes held, each with an attached terminal: host memory per sandbox, server RSS, and a
 *   bystander's keystroke echo p99 while they are all attached
 * - baseline: a plain `docker run -d` of the same image with the same limits, in the same run
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';
import { imageTag } from '../server/sandbox/images.ts';
import { instanceFilter } from '../server/sandbox/labels.ts';
import { newLearnerCookie, TestTerminal } from '../tests/helpers/terminal-client.ts';
import { echoLatencies } from './lib/keystroke.ts';
import { memAvailableMb, startServer, type BenchServer } from './lib/server-process.ts';
import { percentile, round, table } from './lib/stats.ts';

const arg = (args: string[], name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};

async function timeToPrompt(server: BenchServer): Promise<{ ms: number; t: TestTerminal }> {
  const cookie = await newLearnerCookie(server.baseUrl);
  const started = performance.now();
  const t = await TestTerminal.open({ baseUrl: server.baseUrl, cookie });
  await t.waitForPrompt(30_000);
  return { ms: performance.now() - started, t };
}

async function ttfp(sessions: number, pool: number): Promise<number[]> {
  const server = await startServer({ BOXLAB_POOL_SHELL: String(pool), BOXLAB_MAX_SANDBOXES: '200' });
  const samples: number[] = [];
  try {
    for (let i = 0; i < sessions; i++) {
      if (pool > 0) await waitForPool(server, pool);
      const { ms, t } = await timeToPrompt(server);
      samples.push(ms);
      await t.close();
    }
  } finally {
    await server.stop();
  }
  return samples;
}

/** The pool is full when the server reports pool + claimed sandboxes; poll /healthz. */
async function waitForPool(server: BenchServer, pool: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const h = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { pooled?: number };
    if ((h.pooled ?? 0) >= pool) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('pool did not fill');
}

async function held(count: number) {
  const memBefore = memAvailableMb();
  const server = await startServer({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_SANDBOXES: String(count + 10) });
  const terminals: TestTerminal[] = [];
  try {
    const rssIdle = server.rssMb();
    for (let i = 0; i < count; i++) {
      const { t } = await timeToPrompt(server);
      terminals.push(t);
      if ((i + 1) % 20 === 0) console.log(`  ${i + 1}/${count} sandboxes attached`);
    }
    const { t: bystander } = await timeToPrompt(server);
    terminals.push(bystander);
    const echo = await echoLatencies(bystander, 200);
    const memAfter = memAvailableMb();
    // What the sandboxes' own cgroups account (processes and tmpfs), beside the host-wide view above.
    const runtime = new DockerRuntime();
    const mine = await runtime.list(instanceFilter(server.instance));
    const cgroupBytes = (await Promise.all(mine.map((c) => runtime.stats(c.id)))).reduce((sum, s) => sum + s.memoryBytes, 0);
    return {
      count,
      mem_mb_per_sandbox: round((memBefore - memAfter) / (count + 1)),
      cgroup_mem_mb_per_sandbox: round(cgroupBytes / 1024 / 1024 / Math.max(1, mine.length)),
      server_rss_mb: round(server.rssMb()),
      server_rss_idle_mb: round(rssIdle),
      echo_p50_ms: round(percentile(echo, 50), 2),
      echo_p99_ms: round(percentile(echo, 99), 2),
    };
  } finally {
    await Promise.all(terminals.map((t) => t.close()));
    await server.stop();
  }
}

function baselineDockerRun(runs: number): number[] {
  const image = imageTag('shell');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `bench-baseline-${randomBytes(4).toString('hex')}`;
    const started = performance.now();
    execFileSync('docker', ['run', '-d', '--name', name, '--label', 'boxlab.test=1', '--init', '--user', 'learner', '--read-only',
      '--tmpfs', '/home/learner:size=128m,uid=1000,gid=1000', '--tmpfs', '/tmp:size=64m,mode=1777', '--cap-drop', 'ALL',
      '--security-opt', 'no-new-privileges:true', '--memory', '256m', '--memory-swap', '256m', '--cpus', '0.5',
      '--pids-limit', '128', '--network', 'none', image, 'sleep', 'infinity'], { stdio: 'ignore' });
    // Started is not ready: the same first prompt the learner waits for, through the plain CLI.
    execFileSync('docker', ['exec', name, 'bash', '-lc', 'true'], { stdio: 'ignore' });
    samples.push(performance.now() - started);
    execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
  }
  return samples;
}

export async function run(args: string[]): Promise<object> {
  const sessions = arg(args, '--sessions', 30);
  const heldCount = arg(args, '--held', 100);
  console.log(`sandbox benchmark: ${sessions} sessions cold and warm, ${heldCount} held`);
  const cold = await ttfp(sessions, 0);
  console.log(`  cold p50 ${round(percentile(cold, 50))} ms`);
  const warm = await ttfp(sessions, 2);
  console.log(`  warm p50 ${round(percentile(warm, 50))} ms`);
  const baseline = baselineDockerRun(Math.min(sessions, 10));
  const h = await held(heldCount);
  const result = {
    ttfp_ms: {
      cold: { p50: round(percentile(cold, 50)), p95: round(percentile(cold, 95)), n: cold.length },
      warm: { p50: round(percentile(warm, 50)), p95: round(percentile(warm, 95)), n: warm.length },
    },
    baseline_docker_run_ms: { p50: round(percentile(baseline, 50)), p95: round(percentile(baseline, 95)), n: baseline.length },
    held: h,
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
  };
  console.log('\n' + table([
    ['ttfp cold p50 / p95 (ms)', `${result.ttfp_ms.cold.p50} / ${result.ttfp_ms.cold.p95}`],
    ['ttfp warm p50 / p95 (ms)', `${result.ttfp_ms.warm.p50} / ${result.ttfp_ms.warm.p95}`],
    ['docker run + exec p50 (ms)', result.baseline_docker_run_ms.p50],
    ['sandboxes held', h.count],
    ['host memory per sandbox (MB)', h.mem_mb_per_sandbox],
    ['cgroup memory per sandbox (MB)', h.cgroup_mem_mb_per_sandbox],
    ['server RSS idle / held (MB)', `${h.server_rss_idle_mb} / ${h.server_rss_mb}`],
    ['bystander echo p50 / p99 (ms)', `${h.echo_p50_ms} / ${h.echo_p99_ms}`],
  ]));
  return result;
}
