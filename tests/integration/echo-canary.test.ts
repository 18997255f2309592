/**
 * The echo canary against the real engine: it holds nothing while the server is idle, times echoes through a
 * shell of its own once a learner is on (seen on /metrics), and gives its sandbox back when the learner is gone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CANARY_LEARNER } from '../../server/observability/canary.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

let box: RunningBoxlab;
beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_CANARY_INTERVAL_S: '1', BOXLAB_POOL_SHELL: '1' });
});
afterAll(async () => {
  await box?.destroy();
});

function series(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.slice(name.length + 1));
}
const metrics = async () => (await fetch(`${box.baseUrl}/metrics`)).text();
const canarySandbox = () => box.boxlab.manager.list().find((s) => s.learner === CANARY_LEARNER);

it('holds no sandbox while idle, times echoes while a learner is on, and leaves with the learner', async () => {
  // Idle: three rounds pass (1 s each) without a sandbox for the canary.
  await eventually(async () => (await fetch(`${box.baseUrl}/healthz`)).ok, 'the server');
  const idleSince = Date.now();
  await eventually(() => Date.now() - idleSince > 3000, 'three idle rounds', 5000, 250);
  expect(canarySandbox()).toBeUndefined();
  expect(series(await metrics(), 'boxlab_canary_echo_seconds_count')).toBe(0);

  const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
  await t.waitForPrompt();
  const text = await eventually(async () => {
    const m = await metrics();
    return series(m, 'boxlab_canary_echo_seconds_count') >= 2 ? m : undefined;
  }, 'two canary echoes on /metrics', 20_000, 250);
  const last = series(text, 'boxlab_canary_echo_last_seconds');
  expect(last).toBeGreaterThan(0);
  expect(last).toBeLessThan(1);
  expect(series(text, 'boxlab_canary_failures_total{reason="timeout"}')).toBeNaN();
  // Its sandbox is its own, not the learner's.
  const learnerSandbox = box.boxlab.manager.list().find((s) => s.learner !== CANARY_LEARNER)!;
  expect(canarySandbox()?.id).not.toBe(learnerSandbox.id);

  await t.close();
  await box.boxlab.manager.remove(learnerSandbox, 'test: the learner left');
  await eventually(() => canarySandbox() === undefined, 'the canary to give its sandbox back', 10_000, 100);
});
