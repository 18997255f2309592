/**
 * Labs of several machines, for `npm run bench -- sandbox`: a 3-node docker lab's time to first prompt (the hello
 * on the first node → its prompt; the whole lab is acquired before that shell opens), cold (every node made on a new
 * network) and warm (a ready lab kept by BOXLAB_POOL_LABS, refilled between sessions: the claim records the claims
 * only); and how many such labs this machine holds, a
 * terminal attached on every node, while a bystander's echo p99 stays under 25 ms.
 */
import { readFileSync } from 'node:fs';
import { newLearnerCookie, TestTerminal } from '../../tests/helpers/terminal-client.ts';
import { echoLatencies } from './keystroke.ts';
import { startServer, type BenchServer } from './server-process.ts';
import { percentile, round } from './stats.ts';

/** The fixture lab (tests/fixtures/lessons/99-fixtures/04-docker-lab): docker profile, no setup script. */
export const LAB_LESSON = 'fixtures/docker-lab';
export const LAB_NODES = ['manager', 'worker1', 'worker2'];
/** The bystander's echo p99 a held lab count must keep (the target). */
export const ECHO_P99_LIMIT_MS = 25;
/** Stop adding labs before the host runs short of memory, whatever the echo says. */
const MIN_AVAILABLE_MB = 2048;

const memAvailableMb = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024;

/** The server's settings: `warmLabs` ready labs kept; BOXLAB_MAX_PER_LEARNER left to its default (the largest lab). */
const labEnv = (warmLabs: number, max: number): Record<string, string> => ({
  BOXLAB_POOL_SHELL: '0',
  BOXLAB_DOCKER_ELEVATED: 'true',
  BOXLAB_POOL_DOCKER: '0',
  BOXLAB_POOL_LABS: warmLabs > 0 ? `${LAB_LESSON}=${warmLabs}` : '',
  BOXLAB_MAX_SANDBOXES: String(max),
});
/** How /healthz names the lab's shape among its ready labs. */
const LAB_SHAPE = `docker:${LAB_NODES.join(',')}`;

/** A new learner opens the lab's first node: WebSocket open → prompt. Returns the terminal too. */
async function openLab(server: BenchServer, cookie?: string): Promise<{ ms: number; terminals: TestTerminal[] }> {
  const me = cookie ?? (await newLearnerCookie(server.baseUrl));
  const started = performance.now();
  const first = await TestTerminal.open({ baseUrl: server.baseUrl, cookie: me, lesson: LAB_LESSON, node: LAB_NODES[0]! });
  await first.waitForPrompt(60_000);
  const ms = performance.now() - started;
  return { ms, terminals: [first] };
}

async function waitForWarmLab(server: BenchServer): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    const h = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { warmLabs?: Record<string, number> };
    if ((h.warmLabs?.[LAB_SHAPE] ?? 0) >= 1) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no warm lab got ready');
}

/** `sessions` labs one after another; warm: a ready lab, made again before each. */
export async function labTtfp(sessions: number, warm: boolean): Promise<number[]> {
  const server = await startServer(labEnv(warm ? 1 : 0, 50), ['shell', 'docker']);
  const samples: number[] = [];
  try {
    for (let i = 0; i < sessions; i++) {
      if (warm) await waitForWarmLab(server);
      const { ms, terminals } = await openLab(server);
      samples.push(ms);
      await Promise.all(terminals.map((t) => t.close()));
    }
  } finally {
    await server.stop();
  }
  return samples;
}

export interface LabsHeld {
  /** Labs held with the bystander's echo p99 under the limit. */
  count: number;
  /** The bystander's echo with no lab held: what the machine gives before any lab (a busy machine's floor). */
  baseline: { echo_p50_ms: number; echo_p99_ms: number };
  /** Each step: labs held, and the bystander's echo then. */
  steps: { labs: number; echo_p50_ms: number; echo_p99_ms: number; mem_available_mb: number }[];
  /** Why adding stopped: the echo, the host's memory, or the cap given. */
  stopped_by: 'echo' | 'memory' | 'cap';
}

/** Add labs (a terminal on each node) one by one until the bystander's echo p99 reaches the limit. */
export async function labsHeld(maxLabs: number, keys = 200): Promise<LabsHeld> {
  const server = await startServer(labEnv(0, maxLabs * LAB_NODES.length + 10), ['shell', 'docker']);
  const terminals: TestTerminal[] = [];
  const steps: LabsHeld['steps'] = [];
  let stoppedBy: LabsHeld['stopped_by'] = 'cap';
  let baseline: LabsHeld['baseline'] = { echo_p50_ms: 0, echo_p99_ms: 0 };
  try {
    const bystander = await TestTerminal.open({ baseUrl: server.baseUrl, cookie: await newLearnerCookie(server.baseUrl) });
    terminals.push(bystander);
    await bystander.waitForPrompt(30_000);
    const before = await echoLatencies(bystander, keys);
    baseline = { echo_p50_ms: round(percentile(before, 50), 2), echo_p99_ms: round(percentile(before, 99), 2) };
    console.log(`  no lab held: bystander echo p50 / p99 ${baseline.echo_p50_ms} / ${baseline.echo_p99_ms} ms`);
    for (let labs = 1; labs <= maxLabs; labs++) {
      const cookie = await newLearnerCookie(server.baseUrl);
      const { terminals: first } = await openLab(server, cookie);
      terminals.push(...first);
      for (const node of LAB_NODES.slice(1)) {
        const t = await TestTerminal.open({ baseUrl: server.baseUrl, cookie, lesson: LAB_LESSON, node });
        terminals.push(t);
        await t.waitForPrompt(60_000);
      }
      const echo = await echoLatencies(bystander, keys);
      const step = { labs, echo_p50_ms: round(percentile(echo, 50), 2), echo_p99_ms: round(percentile(echo, 99), 2), mem_available_mb: Math.round(memAvailableMb()) };
      steps.push(step);
      console.log(`  ${labs} labs held: bystander echo p50 / p99 ${step.echo_p50_ms} / ${step.echo_p99_ms} ms, ${step.mem_available_mb} MB available`);
      if (step.echo_p99_ms >= ECHO_P99_LIMIT_MS) {
        stoppedBy = 'echo';
        break;
      }
      if (step.mem_available_mb < MIN_AVAILABLE_MB) {
        stoppedBy = 'memory';
        break;
      }
    }
  } finally {
    await Promise.all(terminals.map((t) => t.close()));
    await server.stop();
  }
  const within = steps.filter((s) => s.echo_p99_ms < ECHO_P99_LIMIT_MS);
  return { count: within.length ? Math.max(...within.map((s) => s.labs)) : 0, baseline, steps, stopped_by: stoppedBy };
}
