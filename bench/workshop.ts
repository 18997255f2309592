/**
 * `npm run bench -- workshop [--out FILE] [--learners N]`
 *
 * A class arriving at a workshop, through the documented HTTP API and the terminal protocol only: an instructor
 * signs in with a token (BOXLAB_INSTRUCTOR_TOKENS), creates a workshop on the course's first shell lesson,
 * pre-warms it (or not), and N learners join within one second, open their terminals and type
 * (server/workshops/simulated-learner.ts, the same learner the rehearsal simulates inside the server).
 *
 * - `burst30` / `burst100`: pre-warmed (waits until the pre-warm is ready, and says how long that took);
 *   `burst30_cold` / `burst100_cold`: no pre-warm and no pool. Each: first prompt (terminal open → prompt) p50/p99,
 *   join, keystroke echo while the class arrives, host memory (MemAvailable before / lowest / after), server RSS,
 *   and the verdict and pool advice of server/workshops/rehearsal-verdict.ts.
 * - `grid_ms`: a passed check (its POST returned) → the instructor's grid event showing it, 30 checks.
 * - `rehearsal30` / `rehearsal100`: the workshop page's Rehearse (POST …/rehearse) on the no-pre-warm server, after
 *   its class left: the server's own simulation of the same burst, for comparison with the one measured here.
 *
 * `--learners N` runs one size instead of 30 and 100. Every loop is bounded in count and time; traffic goes to
 * loopback only; each phase has a server of its own, and its sandboxes (label boxlab.test) go with it.
 */
import { cpus } from 'node:os';
import { checkUrl, visitUrl } from '../server/contracts/api.ts';
import { cellKey, workshopUrls, type WorkshopSummary } from '../server/contracts/workshop.ts';
import type { RehearsalResult } from '../server/workshops/rehearsal.ts';
import { judgeBurst, ttfpTargetMs, type Verdict } from '../server/workshops/rehearsal-verdict.ts';
import { ARRIVAL_WINDOW_MS, arrivalOffsetMs, atPrompt, FIRST_COMMANDS, KEY_GAP_MS, typeCommands, waitForPrompt } from '../server/workshops/simulated-learner.ts';
import { newLearnerCookie } from '../tests/helpers/terminal-client.ts';
import { memAvailableMb, memTotalMb, watchMemory } from './lib/host-memory.ts';
import { LeanClient } from './lib/lean-client.ts';
import { startServer, type BenchServer } from './lib/server-process.ts';
import { inBatches, percentile, printTable, round } from './lib/stats.ts';
import { call, gridEvents, ok, signIn, type GridStream } from './lib/workshop-api.ts';

const TOKEN = 'bench-instructor-token-0123456789abcdef';
/** The course's first lesson: the shell profile, no setup script, three exercises. */
const LESSON = 'containers/what-is-a-container';
/** What a learner types to pass each exercise (the lesson's solution scripts, as one line). */
const SOLUTIONS: Record<string, string> = {
  hostname: 'mkdir -p ~/answers && hostname > ~/answers/hostname.txt',
  'pid-one': 'mkdir -p ~/answers && ps -p 1 -o comm= > ~/answers/pid1.txt',
  'pid-namespace': 'mkdir -p ~/answers && readlink /proc/$$/ns/pid > ~/answers/pid-ns.txt',
};
const PROMPT_TIMEOUT_MS = 60_000;
const KEY_TIMEOUT_MS = 10_000;
const PREWARM_TIMEOUT_MS = 15 * 60_000;
const GRID_CHECKS = 30;
const GRID_TIMEOUT_MS = 10_000;
/** The server's default BOXLAB_MIN_FREE_MEMORY_MB: below it no sandbox starts. */
const SERVER_MIN_FREE_MEMORY_MB = 512;

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spread = (xs: number[], digits = 1) => ({ p50: round(percentile(xs, 50), digits), p99: round(percentile(xs, 99), digits), n: xs.length });

interface Learner {
  name: string;
  cookie: string;
  client: LeanClient | undefined;
  joinMs: number | undefined;
  ttfpMs: number | undefined;
  echoMs: number[];
  error: string | undefined;
}

interface Burst {
  learners: number;
  prewarmed: boolean;
  /** Seconds from asking for the pre-warm until `learners` sandboxes were ready. */
  prewarm_s: number | null;
  ttfp_ms: ReturnType<typeof spread>;
  join_ms: ReturnType<typeof spread>;
  echo_ms: ReturnType<typeof spread>;
  failures: number;
  errors: string[];
  memory_mb: { before: number; lowest: number; after: number; used: number };
  server_rss_mb: { idle: number; before: number; peak: number; after: number };
  /** What the server held right after the class arrived (/healthz): a pool refilling meanwhile competed with it. */
  sandboxes_after: { total: number; pooled: number };
  verdict: Pick<Verdict, 'holds' | 'reasons' | 'poolSize' | 'advice'>;
}

function serverEnv(learners: number): Record<string, string> {
  return {
    BOXLAB_INSTRUCTOR_TOKENS: TOKEN,
    // No pool of the server's own: the workshop's pre-warm is the only one, or there is none.
    BOXLAB_POOL_SHELL: '0',
    BOXLAB_MAX_SANDBOXES: String(learners + 20),
    // One address (loopback) for the whole class, as behind a school's NAT; joins are not what is measured.
    BOXLAB_JOIN_PER_MIN_PER_IP: '100000',
  };
}

async function createWorkshop(server: BenchServer, instructor: string, capacity: number, prewarmShare: number): Promise<WorkshopSummary> {
  const at = Date.now();
  return ok(server.baseUrl, 'POST', workshopUrls.workshops, instructor, {
    title: `Bench class of ${capacity}`,
    lessons: [LESSON],
    capacity,
    startsAt: at - 60_000,
    endsAt: at + 3 * 3_600_000,
    prewarmShare,
  });
}

/** Ask for the pre-warm (the workshop page's button) until `wanted` sandboxes are ready; returns seconds taken. */
async function prewarm(server: BenchServer, instructor: string, workshop: string, wanted: number): Promise<number> {
  const started = now();
  let lastLog = started;
  for (;;) {
    const status = await ok<{ wanted: number; ready: number; hostCanHold: number }>(server.baseUrl, 'POST', workshopUrls.prewarm(workshop), instructor);
    if (status.ready >= wanted) return (now() - started) / 1000;
    if (now() - started > PREWARM_TIMEOUT_MS) throw new Error(`pre-warm stuck at ${status.ready} of ${wanted} (host can hold ${status.hostCanHold})`);
    if (now() - lastLog > 10_000) {
      console.log(`    pre-warm: ${status.ready}/${wanted} ready (host can hold ${status.hostCanHold})`);
      lastLog = now();
    }
    await sleep(1000);
  }
}

/** One learner: join with the code, open the lesson (visit, terminal), wait for the prompt, type. */
async function arrive(server: BenchServer, code: string, l: Learner): Promise<void> {
  try {
    const joinStarted = now();
    await ok(server.baseUrl, 'POST', workshopUrls.join, l.cookie, { code, name: l.name });
    l.joinMs = now() - joinStarted;
    await call(server.baseUrl, 'POST', visitUrl(LESSON), l.cookie);
    const opened = now();
    const url = server.baseUrl.replace(/^http/, 'ws') + '/ws/terminal';
    l.client = await LeanClient.boxlab({ url, cookie: l.cookie, origin: server.baseUrl, lesson: LESSON, terminal: 'main', cols: 120, rows: 30 });
    await waitForPrompt(l.client, PROMPT_TIMEOUT_MS);
    l.ttfpMs = now() - opened;
    l.echoMs = await typeCommands(l.client, FIRST_COMMANDS, { keyGapMs: KEY_GAP_MS, timeoutMs: KEY_TIMEOUT_MS });
  } catch (err) {
    l.error = err instanceof Error ? err.message : String(err);
  }
}

/** Each learner of the class passes exercises in turn; the time from its check's answer to the grid showing it. */
async function gridLatencies(server: BenchServer, learners: Learner[], grid: GridStream): Promise<number[]> {
  const ready = learners.filter((l) => l.client && !l.error);
  const turns = Object.keys(SOLUTIONS).flatMap((exercise) => ready.map((l) => ({ l, exercise }))).slice(0, GRID_CHECKS);
  const samples: number[] = [];
  for (const { l, exercise } of turns) {
    const c = l.client!;
    const before = c.bytes;
    c.type(`${SOLUTIONS[exercise]}\r`);
    await c.until(() => c.bytes > before && atPrompt(c.tail), KEY_TIMEOUT_MS);
    const key = cellKey(LESSON, exercise);
    // Listening before the check: the grid may be sent before its answer is read.
    const shown = grid.next((g) => g.rows.some((r) => r.name === l.name && r.cells[key]?.passed), GRID_TIMEOUT_MS);
    const result = await ok<{ status: string; message: string }>(server.baseUrl, 'POST', checkUrl(LESSON, exercise), l.cookie);
    const answered = now();
    if (result.status !== 'passed') throw new Error(`${l.name}'s check ${exercise} did not pass: ${result.status} ${result.message}`);
    samples.push(Math.max(0, (await shown) - answered));
  }
  return samples;
}

async function rehearse(server: BenchServer, instructor: string, learners: number): Promise<RehearsalResult> {
  const w = await createWorkshop(server, instructor, learners, 0);
  return ok<RehearsalResult>(server.baseUrl, 'POST', workshopUrls.rehearse(w.id), instructor, { learners });
}

/** One class on a server of its own: pre-warmed or not, then the grid and the rehearsal when asked. */
async function burst(size: number, prewarmed: boolean, extra: { grid: boolean; rehearse: boolean }) {
  console.log(`  ${size} learners, ${prewarmed ? 'pre-warmed' : 'no pre-warm'}…`);
  const server = await startServer(serverEnv(size));
  const learners: Learner[] = [];
  let grid: GridStream | undefined;
  try {
    const rssIdle = server.rss() / 1024 / 1024;
    const instructor = await signIn(server.baseUrl, TOKEN);
    const w = await createWorkshop(server, instructor, size, prewarmed ? 1 : 0);
    const prewarmS = prewarmed ? await prewarm(server, instructor, w.id, size) : null;
    if (prewarmS !== null) console.log(`    pre-warmed ${size} in ${round(prewarmS, 1)} s`);
    // Each learner has loaded the join page (their cookie) before the class starts.
    const cookies = await inBatches(Array.from({ length: size }, (_, i) => i), 10, () => newLearnerCookie(server.baseUrl));
    learners.push(...cookies.map((cookie, i) => ({ name: `learner-${String(i + 1).padStart(3, '0')}`, cookie, client: undefined, joinMs: undefined, ttfpMs: undefined, echoMs: [], error: undefined })));
    grid = await gridEvents(server.baseUrl, w.id, instructor);
    const before = { mem: memAvailableMb(), rss: server.rss() / 1024 / 1024 };
    const watch = watchMemory(() => server.rss());
    await Promise.all(learners.map(async (l, i) => (await sleep(arrivalOffsetMs(i, size)), arrive(server, w.code, l))));
    watch.stop();
    const after = { mem: memAvailableMb(), rss: server.rss() / 1024 / 1024 };
    const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { sandboxes: number; pooled: Record<string, number> };
    const ttfps = learners.flatMap((l) => (l.ttfpMs === undefined ? [] : [l.ttfpMs]));
    const echoes = learners.flatMap((l) => l.echoMs);
    const verdict = judgeBurst({
      // Through the API a learner cannot tell where their sandbox came from: all of the pre-warm, none without.
      arrivals: learners.map((l) => ({ ttfpMs: l.ttfpMs, fromPool: prewarmed, error: l.error })),
      echoMs: echoes,
      memory: { beforeMb: before.mem, lowestMb: watch.lowestAvailableMb, reserveMb: SERVER_MIN_FREE_MEMORY_MB },
    });
    const result: Burst = {
      learners: size,
      prewarmed,
      prewarm_s: prewarmS === null ? null : round(prewarmS, 1),
      ttfp_ms: spread(ttfps),
      join_ms: spread(learners.flatMap((l) => (l.joinMs === undefined ? [] : [l.joinMs]))),
      echo_ms: spread(echoes, 2),
      failures: learners.filter((l) => l.ttfpMs === undefined).length,
      errors: [...new Set(learners.flatMap((l) => (l.error ? [l.error] : [])))].slice(0, 5),
      memory_mb: { before: Math.round(before.mem), lowest: Math.round(watch.lowestAvailableMb), after: Math.round(after.mem), used: Math.round(before.mem - after.mem) },
      server_rss_mb: { idle: round(rssIdle, 1), before: round(before.rss, 1), peak: round(watch.peakRssMb, 1), after: round(after.rss, 1) },
      sandboxes_after: { total: health.sandboxes, pooled: health.pooled['shell'] ?? 0 },
      verdict: { holds: verdict.holds, reasons: verdict.reasons, poolSize: verdict.poolSize, advice: verdict.advice },
    };
    console.log(`    first prompt p50 ${result.ttfp_ms.p50} / p99 ${result.ttfp_ms.p99} ms, echo p99 ${result.echo_ms.p99} ms, ${result.failures} failed`);
    const gridMs = extra.grid ? await gridLatencies(server, learners, grid) : undefined;
    let rehearsal: RehearsalResult | undefined;
    if (extra.rehearse) {
      // The class leaves (the workshop ends, its sandboxes go), then the instructor rehearses the same size.
      for (const l of learners) l.client?.close();
      await ok(server.baseUrl, 'POST', workshopUrls.end(w.id), instructor);
      rehearsal = await rehearse(server, instructor, size);
      console.log(`    rehearsal: first prompt p99 ${rehearsal.ttfpMs.p99} ms, echo p99 ${rehearsal.echoMs.p99} ms, holds ${rehearsal.verdict.holds}, pool ${rehearsal.verdict.poolSize}`);
    }
    return { result, gridMs, rehearsal };
  } finally {
    grid?.stop();
    for (const l of learners) l.client?.close();
    await server.stop();
  }
}

const learnersArg = (args: string[]): number[] => {
  const i = args.indexOf('--learners');
  if (i < 0) return [30, 100];
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 150) throw new Error('--learners takes a whole number from 1 to 150');
  return [n];
};

export async function run(args: string[]): Promise<object> {
  const sizes = learnersArg(args);
  console.log(`workshop benchmark: classes of ${sizes.join(' and ')} joining within ${ARRIVAL_WINDOW_MS} ms, pre-warmed and not; ${cpus().length} cores, ${Math.round(memTotalMb())} MiB`);
  const figures: Record<string, unknown> = {};
  let gridMs: number[] | undefined;
  // A phase that fails (its server died, say) is reported as such; the others still run.
  const phase = async <T>(what: string, fn: () => Promise<T>): Promise<T | { error: string }> => {
    try {
      return await fn();
    } catch (err) {
      console.log(`    ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      return { error: err instanceof Error ? err.message : String(err) };
    }
  };
  for (const size of sizes) {
    const warm = await phase(`burst${size}`, () => burst(size, true, { grid: gridMs === undefined, rehearse: false }));
    if ('error' in warm) figures[`burst${size}`] = warm;
    else [gridMs, figures[`burst${size}`]] = [gridMs ?? warm.gridMs, warm.result];
    // --prewarmed-only: the figure the target is about, without the comparison classes (a quicker run).
    if (args.includes('--prewarmed-only')) continue;
    const cold = await phase(`burst${size}_cold`, () => burst(size, false, { grid: false, rehearse: true }));
    if ('error' in cold) figures[`burst${size}_cold`] = cold;
    else [figures[`burst${size}_cold`], figures[`rehearsal${size}`]] = [cold.result, cold.rehearsal];
  }
  figures['grid_ms'] = spread(gridMs ?? []);
  figures['targets'] = Object.fromEntries([...sizes.map((s) => [`burst${s}.ttfp_ms.p99`, ttfpTargetMs(s)]), ['grid_ms.p99', 1000]]);
  figures['lesson'] = LESSON;
  figures['machine'] = { cores: cpus().length, mem_total_mb: Math.round(memTotalMb()), node: process.version };

  const rows: [string, string, string][] = [['measure', 'value', 'target']];
  for (const size of sizes) {
    for (const key of [`burst${size}`, `burst${size}_cold`]) {
      const b = figures[key] as Burst | { error: string } | undefined;
      // Skipped (--prewarmed-only).
      if (b === undefined) continue;
      if ('error' in b) {
        rows.push([key, 'failed', b.error.slice(0, 80)]);
        continue;
      }
      const target = ttfpTargetMs(size);
      rows.push([`${key} first prompt p50 / p99 (ms)`, `${b.ttfp_ms.p50} / ${b.ttfp_ms.p99}`, `p99 < ${target} ${b.ttfp_ms.p99 < target && b.failures === 0 ? '✓' : '✗'}`]);
      if (b.prewarm_s !== null) rows.push([`${key} pre-warm took (s)`, String(b.prewarm_s), '']);
      rows.push([`${key} echo p50 / p99 while arriving (ms)`, `${b.echo_ms.p50} / ${b.echo_ms.p99}`, '']);
      rows.push([`${key} join p99 (ms), failures`, `${b.join_ms.p99}, ${b.failures}`, '']);
      rows.push([`${key} MemAvailable before / lowest / after (MiB)`, `${b.memory_mb.before} / ${b.memory_mb.lowest} / ${b.memory_mb.after}`, '']);
      rows.push([`${key} server RSS idle / peak / after (MB)`, `${b.server_rss_mb.idle} / ${b.server_rss_mb.peak} / ${b.server_rss_mb.after}`, '']);
      rows.push([`${key} sandboxes / pooled right after`, `${b.sandboxes_after.total} / ${b.sandboxes_after.pooled}`, '']);
      if (!b.prewarmed) rows.push([`${key} pool to use (from its cold starts)`, String(b.verdict.poolSize), '']);
    }
    const r = figures[`rehearsal${size}`] as RehearsalResult | undefined;
    if (r) {
      rows.push([`rehearsal${size} first prompt p50 / p99 (ms)`, `${r.ttfpMs.p50} / ${r.ttfpMs.p99}`, '']);
      rows.push([`rehearsal${size} of it the sandbox p50 / p99 (ms)`, `${r.acquireMs.p50} / ${r.acquireMs.p99}`, '']);
      rows.push([`rehearsal${size} echo p50 / p99 (ms)`, `${r.echoMs.p50} / ${r.echoMs.p99}`, '']);
      rows.push([`rehearsal${size} holds, pool to use`, `${r.verdict.holds}, ${r.verdict.poolSize}`, '']);
    }
  }
  const g = figures['grid_ms'] as ReturnType<typeof spread>;
  rows.push(['grid: check → instructor’s grid p50 / p99 (ms)', `${g.p50} / ${g.p99} (n ${g.n})`, `p99 < 1000 ${g.p99 < 1000 ? '✓' : '✗'}`]);
  console.log('');
  printTable(rows);
  return figures;
}
