/**
 * `npm run bench -- sandbox [--out FILE] [--sessions N] [--held N] [--lab-sessions N] [--lab-max N] [--only labs]`
 *
 * - time to first prompt (WebSocket open → the prompt on screen), cold (no pool) and warm (from the pool)
 * - N shell sandboxes held, each with an attached terminal: host memory per sandbox, server RSS, and a
 *   bystander's keystroke echo p99 while they are all attached
 * - baseline: a plain `docker run -d` of the same image with the same limits, in the same run
 * - labs (lib/labs.ts): a 3-node docker lab's time to first prompt, cold and warm, and how many such labs the machine
 *   holds with a bystander's echo p99 under 25 ms (`--only labs` measures these alone)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg as osLoadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';
import { imageTag } from '../server/sandbox/images.ts';
import { instanceFilter } from '../server/sandbox/labels.ts';
import { newLearnerCookie, TestTerminal } from '../tests/helpers/terminal-client.ts';
import { echoLatencies } from './lib/keystroke.ts';
import { ECHO_P99_LIMIT_MS, labsHeld, labTtfp } from './lib/labs.ts';
import { startServer, type BenchServer } from './lib/server-process.ts';
import { percentile, round, table } from './lib/stats.ts';

const arg = (args: string[], name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};

/** The docker profile alone: a fixture lesson with no setup script. */
const DOCKER_PROFILE_LESSON = 'fixtures/docker-engine';
/** The course's docker lesson, whose setup (`docker run -d --name old …`) runs before the first prompt. */
const DOCKER_LESSON = 'docker/first-image-and-container';
/** The host's available memory now (MB). */
const memAvailableMb = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024;
const rssMb = (server: BenchServer) => server.rss() / 1024 / 1024;

async function timeToPrompt(server: BenchServer, lesson?: string): Promise<{ ms: number; t: TestTerminal }> {
  const cookie = await newLearnerCookie(server.baseUrl);
  const started = performance.now();
  const t = await TestTerminal.open({ baseUrl: server.baseUrl, cookie, ...(lesson ? { lesson } : {}) });
  await t.waitForPrompt(30_000);
  return { ms: performance.now() - started, t };
}

async function ttfp(sessions: number, pool: number, profile: 'shell' | 'docker' = 'shell', lesson = DOCKER_PROFILE_LESSON): Promise<number[]> {
  const env: Record<string, string> =
    profile === 'shell'
      ? { BOXLAB_POOL_SHELL: String(pool), BOXLAB_MAX_SANDBOXES: '200' }
      : { BOXLAB_POOL_SHELL: '0', BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: String(pool), BOXLAB_MAX_SANDBOXES: '200' };
  const server = await startServer(env, [profile]);
  const samples: number[] = [];
  try {
    for (let i = 0; i < sessions; i++) {
      if (pool > 0) await waitForPool(server, pool, profile);
      const { ms, t } = await timeToPrompt(server, profile === 'docker' ? lesson : undefined);
      samples.push(ms);
      await t.close();
    }
  } finally {
    await server.stop();
  }
  return samples;
}

/** The pool is full when the server reports pool + claimed sandboxes; poll /healthz. */
async function waitForPool(server: BenchServer, pool: number, profile: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const h = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { pooled?: Record<string, number> };
    if ((h.pooled?.[profile] ?? 0) >= pool) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('pool did not fill');
}

async function held(count: number, profile: 'shell' | 'docker' = 'shell') {
  const server = await startServer({
    BOXLAB_POOL_SHELL: '0',
    BOXLAB_POOL_DOCKER: '0',
    BOXLAB_MAX_SANDBOXES: String(count + 10),
    ...(profile === 'docker' ? { BOXLAB_DOCKER_ELEVATED: 'true' } : {}),
  }, ['shell', profile]);
  const terminals: TestTerminal[] = [];
  const memBefore = memAvailableMb();
  try {
    const rssIdle = rssMb(server);
    for (let i = 0; i < count; i++) {
      const { t } = await timeToPrompt(server, profile === 'docker' ? DOCKER_PROFILE_LESSON : undefined);
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
      mem_mb_per_sandbox: round((memBefore - memAfter) / (count + 1), 1),
      cgroup_mem_mb_per_sandbox: round(cgroupBytes / 1024 / 1024 / Math.max(1, mine.length), 1),
      server_rss_mb: round(rssMb(server), 1),
      server_rss_idle_mb: round(rssIdle, 1),
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

/** A 3-node docker lab: time to first prompt cold and warm, and labs held under the echo limit. */
async function labs(args: string[]) {
  const sessions = arg(args, '--lab-sessions', 10);
  console.log(`  3-node labs: ${sessions} sessions cold and warm…`);
  // The host's 1-minute load average around each part: on a shared machine the figures say little without it.
  const loadavg = () => round(osLoadavg()[0]!, 2);
  const load: Record<string, number> = { before: loadavg() };
  const cold = await labTtfp(sessions, false);
  load['after_cold'] = loadavg();
  const warm = await labTtfp(sessions, true);
  load['after_warm'] = loadavg();
  const held = await labsHeld(arg(args, '--lab-max', 10));
  load['after_held'] = loadavg();
  const figures = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), n: xs.length, samples: xs.map((x) => round(x, 0)) });
  const nodes3 = { ttfp_ms: { cold: figures(cold), warm: figures(warm) }, held: { ...held, echo_p99_limit_ms: ECHO_P99_LIMIT_MS }, load_average_1m: load };
  console.log('\n' + table([
    ['3-node lab ttfp cold p50 / p95 (ms)', `${nodes3.ttfp_ms.cold.p50} / ${nodes3.ttfp_ms.cold.p95}`],
    ['3-node lab ttfp warm p50 / p95 (ms)', `${nodes3.ttfp_ms.warm.p50} / ${nodes3.ttfp_ms.warm.p95}`],
    [`3-node docker labs held (bystander echo p99 < ${ECHO_P99_LIMIT_MS} ms)`, `${held.count} (stopped by ${held.stopped_by})`],
    ['bystander echo p99 with no lab / with the last lab (ms)', `${held.baseline.echo_p99_ms} / ${held.steps.at(-1)?.echo_p99_ms ?? '-'}`],
  ]));
  return { nodes3 };
}

export async function run(args: string[]): Promise<object> {
  const only = args.indexOf('--only') >= 0 ? args[args.indexOf('--only') + 1] : undefined;
  if (only === 'labs') return { labs: await labs(args), machine: { cores: (await import('node:os')).cpus().length, node: process.version } };
  if (only !== undefined) throw new Error(`--only ${only}: the only part that runs alone is "labs"`);
  const sessions = arg(args, '--sessions', 30);
  const heldCount = arg(args, '--held', 100);
  const dockerSessions = arg(args, '--docker-sessions', 10);
  const dockerHeld = arg(args, '--docker-held', 20);
  console.log(`sandbox benchmark: ${sessions} sessions cold and warm, ${heldCount} held`);
  const cold = await ttfp(sessions, 0);
  console.log(`  cold p50 ${round(percentile(cold, 50), 1)} ms`);
  const warm = await ttfp(sessions, 2);
  console.log(`  warm p50 ${round(percentile(warm, 50), 1)} ms`);
  const baseline = baselineDockerRun(Math.min(sessions, 10));
  const h = await held(heldCount);
  console.log('  docker profile…');
  const dockerCold = await ttfp(dockerSessions, 0, 'docker');
  const dockerWarm = await ttfp(dockerSessions, 1, 'docker');
  const dockerLessonWarm = await ttfp(dockerSessions, 1, 'docker', DOCKER_LESSON);
  const dockerHeldResult = dockerHeld > 0 ? await held(dockerHeld, 'docker') : undefined;
  // The vm profile's figures come from bench/vm.ts; its boot time joins this report as profiles.vm.boot_s.
  type VmFigures = { profiles: { vm: { boot_s: { tcg: { p50: number }; kvm: { p50: number } | null } } & Record<string, unknown> } };
  const labFigures = await labs(args);
  const vmFigures = args.includes('--no-vm') ? undefined : ((await (await import('./vm.ts')).run(args)) as VmFigures).profiles.vm;
  const result = {
    profiles: {
      docker: {
        ttfp_ms: {
          cold: { p50: round(percentile(dockerCold, 50), 1), p95: round(percentile(dockerCold, 95), 1), n: dockerCold.length },
          warm: { p50: round(percentile(dockerWarm, 50), 1), p95: round(percentile(dockerWarm, 95), 1), n: dockerWarm.length },
        },
        mem_mb_per_sandbox: dockerHeldResult?.mem_mb_per_sandbox ?? null,
        held: dockerHeldResult ?? null,
      },
      ...(vmFigures
        ? {
            vm: {
              ...vmFigures,
              // KVM when the sandboxes could use it, else emulation; both are in boot_s_by_accel.
              boot_s: vmFigures.boot_s.kvm?.p50 ?? vmFigures.boot_s.tcg.p50,
              boot_s_by_accel: vmFigures.boot_s,
            },
          }
        : {}),
    },
    lessons: {
      // The profile's time plus the lesson's setup script, which must finish before the learner can start.
      [DOCKER_LESSON]: { ttfp_ms: { warm: { p50: round(percentile(dockerLessonWarm, 50), 1), p95: round(percentile(dockerLessonWarm, 95), 1), n: dockerLessonWarm.length } } },
    },
    ttfp_ms: {
      cold: { p50: round(percentile(cold, 50), 1), p95: round(percentile(cold, 95), 1), n: cold.length },
      warm: { p50: round(percentile(warm, 50), 1), p95: round(percentile(warm, 95), 1), n: warm.length },
    },
    labs: labFigures,
    baseline_docker_run_ms: { p50: round(percentile(baseline, 50), 1), p95: round(percentile(baseline, 95), 1), n: baseline.length },
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
    ['docker ttfp cold p50 / p95 (ms)', `${result.profiles.docker.ttfp_ms.cold.p50} / ${result.profiles.docker.ttfp_ms.cold.p95}`],
    ['docker ttfp warm p50 / p95 (ms)', `${result.profiles.docker.ttfp_ms.warm.p50} / ${result.profiles.docker.ttfp_ms.warm.p95}`],
    ['docker lesson (with its setup) warm p50 / p95 (ms)', `${round(percentile(dockerLessonWarm, 50), 1)} / ${round(percentile(dockerLessonWarm, 95), 1)}`],
    ['docker sandboxes held', dockerHeldResult?.count ?? 0],
    ['docker host memory per sandbox (MB)', dockerHeldResult?.mem_mb_per_sandbox ?? '-'],
    ['docker bystander echo p99 (ms)', dockerHeldResult?.echo_p99_ms ?? '-'],
  ]));
  return result;
}
