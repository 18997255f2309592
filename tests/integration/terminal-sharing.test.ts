/**
 * One sandbox, several terminals and watchers, against the real engine: two ids are two shells in the
 * same container; a read-only viewer sees the learner's terminal live, cannot type or resize it, and
 * never slows it down.
 */
import { expect, it } from 'vitest';
import { sessionOf } from '../helpers/boxlab.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';
import { newLearnerCookie, plain, TestTerminal, type ClientOptions } from '../helpers/terminal-client.ts';

const suite = terminalSuite();
const connect = (cookie: string, extra: Partial<ClientOptions> = {}) => suite.connect(cookie, extra);
const value = async (t: TestTerminal, name: string, expr: string) =>
  new RegExp(`${name}=(\\S+)\\n`).exec(await t.run(`echo ${name}=${expr}`, new RegExp(`${name}=\\S+\\n`)))?.[1];

it('opens two terminal ids as two shells in the same sandbox', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const server = await connect(cookie, { terminal: 'server' });
  const client = await connect(cookie, { terminal: 'client' });
  await Promise.all([server.waitForPrompt(), client.waitForPrompt()]);
  expect(server.control('attached')?.sandbox).toBe(client.control('attached')?.sandbox);
  expect(await value(server, 'HOST', '$(hostname)')).toBe(await value(client, 'HOST', '$(hostname)'));
  expect(await value(server, 'SHELL_PID', '$$')).not.toBe(await value(client, 'SHELL_PID', '$$'));
  expect(await value(server, 'TTY', '$(tty)')).not.toBe(await value(client, 'TTY', '$(tty)'));

  // A busy shell does not hold up the other; what one writes, the other can read.
  server.type('sleep 30\r');
  await client.run('echo hello-from-client > /tmp/shared && echo WROTE', /WROTE\n/);
  // Interrupt the sleep itself, not the shell between two commands.
  await client.run('until pgrep -f "^sleep 30$" >/dev/null; do sleep 0.05; done; echo SLEEPING', /SLEEPING\n/);
  server.type('\x03');
  // The TTY drops what was typed ahead of an interrupt: wait for the prompt.
  await server.waitFor(() => /\$ $/.test(server.output.slice(-200)), 'the prompt after Ctrl-C');
  expect(await server.run('cat /tmp/shared', /hello-from-client\n/)).toContain('hello-from-client');
  expect(plain(client.output)).not.toContain('$ sleep 30');
});

it('lets a read-only viewer watch live, but not type or resize', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const learner = await connect(cookie, { cols: 120, rows: 30 });
  await learner.waitForPrompt();
  const viewer = await connect(cookie, { readOnly: true, cols: 80, rows: 24 });
  await viewer.waitForAttach();
  expect(viewer.control('attached')).toMatchObject({ readOnly: true, terminal: 'main' });
  expect(viewer.screen).toContain('learner@');

  await learner.run('echo LIVE-$((2+3))', /LIVE-5\n/);
  await viewer.waitForOutput(/LIVE-5/);

  viewer.type('echo TYPED-BY-VIEWER\r');
  viewer.send({ type: 'resize', cols: 50, rows: 10 });
  await viewer.waitFor(() => viewer.controls.some((c) => c.type === 'error' && c.code === 'read_only'), 'a read_only error');
  expect(await learner.run('stty size', /^\d+ \d+$/m)).toMatch(/^30 120$/m);
  expect(learner.output + viewer.output).not.toContain('TYPED-BY-VIEWER');
  expect(viewer.closed).toBeUndefined();
});

it('never slows the learner: a viewer that stops reading is dropped, the learner goes on', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const learner = await connect(cookie);
  await learner.waitForPrompt();
  const viewer = await connect(cookie, { readOnly: true, autoAck: false });
  await viewer.waitForAttach();
  const session = await sessionOf(suite.box, learner.control('attached'));

  // ~1.9 MB of output: far past what a viewer may fall behind.
  await learner.run('seq 1 300000; echo DONE-$((1+1))', /DONE-2\n/, 45_000);
  await viewer.waitFor(() => viewer.closed !== undefined, 'the slow viewer to be dropped');
  expect(viewer.closed?.code).toBe(4410);
  expect(viewer.controls.find((c) => c.type === 'status' && c.state === 'expired')).toBeDefined();
  expect(session.stats().clients).toBe(1);
});
