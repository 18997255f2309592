/**
 * The Docker engine restarted under a running Boxlab (SIGTERM, then started with its own command line, as an
 * upgrade does), with learners' programs running. The engine runs with live-restore (scripts/provision.sh), so
 * no sandbox stops, and terminals go through the agents' sockets, not the engine: every learner's program keeps
 * printing while the engine is away and their keys still reach it. /readyz fails while the engine is away and
 * passes once it is back; a new learner then gets a prompt. And a sandbox that does stop under the server (a
 * claimed one and a pooled one killed) is noticed: its learner told at once (the shell ends), the engine watch takes
 * it off the books within 2 s (a fresh one on Enter), and the pool refills. Measured: the engine's downtime, /readyz's, a new learner's first prompt after it.
 * Restarts the host's engine, which others share: runs only as root with an engine started by provision.sh,
 * and starts it again whatever happens. Takes ~30 s.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, plain, TestTerminal } from '../helpers/terminal-client.ts';
import { engineCommand, HostEngine } from './host-engine.ts';

const possible = process.getuid?.() === 0 && engineCommand() !== undefined;
const COUNTER = 'n=0; while ! read -r -t 0.1 _; do n=$((n+1)); echo "tick-$n"; done; echo "stopped in pid=$$"';
const ticks = (text: string) => [...plain(text).matchAll(/tick-(\d+)\b/g)].map((m) => Number(m[1]));

let box: RunningBoxlab | undefined;
let engine: HostEngine | undefined;
const terminals: TestTerminal[] = [];
beforeAll(async () => {
  if (!possible) return;
  engine = new HostEngine();
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '1' });
});
afterAll(async () => {
  await engine?.ensureRunning();
  await Promise.all(terminals.map((t) => t.close()));
  await box?.destroy();
});

async function learner(): Promise<{ t: TestTerminal; cookie: string; pid: number; promptMs: number }> {
  const started = performance.now();
  const cookie = await newLearnerCookie(box!.baseUrl);
  const t = await TestTerminal.open({ baseUrl: box!.baseUrl, cookie });
  terminals.push(t);
  await t.waitForPrompt(30_000);
  const promptMs = performance.now() - started;
  const out = await t.run('echo "pid=$$"', /pid=\d+/);
  return { t, cookie, pid: Number(/pid=(\d+)/.exec(plain(out))![1]), promptMs };
}

const readyz = async () => {
  const res = await fetch(`${box!.baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as { failed: { name: string; message: string }[] } };
};

it.skipIf(!possible)('loses no learner’s shell to an engine restart, fails /readyz meanwhile, and replaces what stopped', async () => {
  const b = box!;
  // What stops under the server is noticed: a learner's sandbox and a pooled one killed behind its back.
  const victim = await learner();
  await eventually(() => b.boxlab.manager.pooled().length === 1, 'the pool');
  const pooled = b.boxlab.manager.pooled()[0]!;
  const victimId = b.boxlab.manager.list()[0]!.id;
  const killedAt = performance.now();
  execFileSync('docker', ['kill', victimId, pooled.id], { stdio: 'ignore' });
  // Its shell's link ends with the container: the page says so at once ("The shell exited. Press Enter…").
  await victim.t.waitFor(() => victim.t.control('exit') !== undefined || victim.t.control('status')?.state === 'expired', 'the learner to be told', 10_000);
  const toldMs = performance.now() - killedAt;
  // The watch takes it off the books: it no longer counts, and Enter (a new connection) gets a fresh sandbox.
  await eventually(() => !b.boxlab.manager.list().some((s) => s.id === victimId), 'the stopped sandbox off the books', 10_000, 50);
  const removedMs = performance.now() - killedAt;
  const back = await TestTerminal.open({ baseUrl: b.baseUrl, cookie: victim.cookie });
  terminals.push(back);
  await back.waitForPrompt(30_000);
  expect(b.boxlab.manager.list().some((s) => s.id === victimId)).toBe(false);
  await eventually(() => b.boxlab.manager.pooled().length === 1 && b.boxlab.manager.pooled()[0]!.id !== pooled.id, 'the pool to be refilled', 30_000);
  const refilledMs = performance.now() - killedAt;

  // Learners at work when the engine goes.
  const working = [await learner(), await learner()];
  for (const w of working) w.t.type(`${COUNTER}\r`);
  for (const w of working) await w.t.waitFor(() => ticks(w.t.output).length > 5, 'ticks', 15_000);
  const held = b.boxlab.manager.list().map((s) => s.id).sort();

  const stopMs = await engine!.stop();
  const downAt = performance.now();
  let upMs = 0;
  let readyzFailedMs = 0;
  let failed: { name: string; message: string }[] = [];
  try {
    const seenAtStop = working.map((w) => Math.max(...ticks(w.t.output)));
    // Readiness fails (its answer is kept 2 s, so within that).
    const down = await eventually(async () => {
      const r = await readyz();
      return r.status === 503 ? r : undefined;
    }, '/readyz to fail', 10_000, 100);
    readyzFailedMs = performance.now() - downAt;
    failed = down.body.failed;
    // Programs go on printing without the engine.
    for (const [i, w] of working.entries()) await w.t.waitFor(() => Math.max(...ticks(w.t.output)) >= seenAtStop[i]! + 10, 'ticks with the engine away', 10_000);
  } finally {
    upMs = await engine!.start();
  }
  const downMs = performance.now() - downAt;
  await eventually(async () => (await readyz()).status === 200, '/readyz to pass again', 30_000, 100);
  const readyAgainMs = performance.now() - downAt;

  // No shell lost: keys reach each program, in the same shell; no sandbox was replaced.
  for (const w of working) w.t.type('\r');
  for (const w of working) {
    await w.t.waitForOutput(/stopped in pid=\d+\r?\n/, 0, 15_000);
    expect(Number(/stopped in pid=(\d+)/.exec(plain(w.t.output))![1])).toBe(w.pid);
  }
  expect(b.boxlab.manager.list().map((s) => s.id).sort()).toEqual(held);
  for (const id of held) expect(JSON.parse(execFileSync('docker', ['inspect', '--format', '{{json .State}}', id], { encoding: 'utf8' })).Running).toBe(true);

  // A learner arriving now gets a prompt.
  const late = await learner();
  console.log(
    `engine restart: stopped in ${(stopMs / 1000).toFixed(1)} s, answered ${(upMs / 1000).toFixed(1)} s after its start, away ${(downMs / 1000).toFixed(1)} s; ` +
      `/readyz failed ${(readyzFailedMs / 1000).toFixed(1)} s after the stop (${failed.map((f) => f.name).join(', ')}), passed ${(readyAgainMs / 1000).toFixed(1)} s after it; ` +
      `first prompt after: ${Math.round(late.promptMs)} ms. Killed sandboxes: learner told in ${Math.round(toldMs)} ms, off the books in ${Math.round(removedMs)} ms, pool refilled in ${(refilledMs / 1000).toFixed(1)} s`,
  );
  expect(failed.map((f) => f.name)).toContain('engine');
}, 180_000);
