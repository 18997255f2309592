/**
 * The start steps a terminal's socket reports, against the real engine: a queued learner hears their place, then
 * the sandbox being made and the shell opened, in that order, before `attached`; one who finds a sandbox already
 * theirs hears only the shell.
 */
import { expect, it } from 'vitest';
import type { ServerControl } from '../../server/contracts/terminal-protocol.ts';
import { newLearnerCookie, type TestTerminal } from '../helpers/terminal-client.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';

// One sandbox at most, reaped a second after its last terminal left: the second learner must queue.
const suite = terminalSuite({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_SANDBOXES: '1', BOXLAB_IDLE_TIMEOUT_S: '1', BOXLAB_REAP_INTERVAL_S: '1' });

/** Steps and the attach, in the order they came. */
const startFrames = (t: TestTerminal) =>
  t.controls.flatMap((c: ServerControl) => (c.type === 'step' ? [`${c.step}${c.place ?? ''}: ${c.message}`] : c.type === 'attached' ? ['attached'] : []));

it('tells a queued learner their place, then each step, before the attach', { timeout: 60_000 }, async () => {
  const first = await suite.connect(await newLearnerCookie(suite.box.baseUrl));
  await first.waitForPrompt(30_000);
  expect(startFrames(first)).toEqual(['creating: Creating your sandbox', 'shell: Opening your shell', 'attached']);

  const secondCookie = await newLearnerCookie(suite.box.baseUrl);
  const second = await suite.connect(secondCookie);
  await second.waitFor(() => second.controls.some((c) => c.type === 'step' && c.step === 'queued'), 'a queue step');
  await first.close();
  await second.waitForPrompt(30_000);
  expect(startFrames(second)).toEqual([
    'queued1: Waiting for a free place (1st in line)',
    'creating: Creating your sandbox',
    'shell: Opening your shell',
    'attached',
  ]);

  // The same learner again (a reload): the sandbox and shell are there, only the shell step remains.
  const again = await suite.connect(secondCookie);
  await again.waitForAttach();
  expect(startFrames(again)).toEqual(['shell: Opening your shell', 'attached']);
});
