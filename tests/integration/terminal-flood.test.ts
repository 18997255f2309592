/**
 * Output floods against the real engine: the server's memory per terminal stays within fixed bounds
 * whatever the reader does, Ctrl-C still works, and clients that vanish or stop reading are let go.
 * Assertions are on the session's own accounting, never on timing.
 */
import type { Socket } from 'node:net';
import { expect, it } from 'vitest';
import { DEFAULT_FLOW } from '../../server/terminal/flow-control.ts';
import { sessionOf } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';
import { newLearnerCookie, plain, type ClientOptions } from '../helpers/terminal-client.ts';

const suite = terminalSuite();
const connect = (cookie: string, extra: Partial<ClientOptions> = {}) => suite.connect(cookie, extra);
/** One read from the exec stream is at most this much (larger than Docker's copy buffer). */
const CHUNK = 64 * 1024;
const REPLAY = 256 * 1024;

it('pauses a flood for a reader that never acknowledges, and holds no more than the bounds', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const t = await connect(cookie);
  await t.waitForPrompt();
  t.autoAck = false;
  t.ack();
  t.type('yes\r');
  const session = await sessionOf(suite.box, t.control('attached'));
  await eventually(() => session.stats().paused, 'the flood to pause the shell');
  const pausedAt = session.stats().output;

  // Meanwhile, from a second shell in the same sandbox: once the buffers between here and the TTY are
  // full, `yes` sleeps, blocked writing to its TTY: pausing the exec stream pushes back through the engine.
  const peek = await connect(cookie, { terminal: 'peek' });
  await peek.waitForPrompt();
  let n = 0;
  const yesState = async () => {
    n++;
    // Brackets, so the command line's own echo can never be taken for the answer.
    const out = await peek.run(`echo STATE${n}=[$(ps -o stat= -C yes | head -n1)]`, new RegExp(`STATE${n}=\\[\\S*\\]\\n`));
    return new RegExp(`STATE${n}=\\[(\\S*)\\]\\n`).exec(out)?.[1] ?? '';
  };
  await eventually(async () => (await yesState()).startsWith('S'), '`yes` to block on its TTY');
  const blockedAt = session.stats().output;
  for (let i = 0; i < 3; i++) {
    await yesState();
    const s = session.stats();
    expect(s.paused).toBe(true);
    // Past the watermark: the frame that crossed it, plus what the engine stream had already read when paused.
    expect(s.worstLag).toBeLessThanOrEqual(DEFAULT_FLOW.high + 2 * CHUNK);
    expect(s.mirrorBacklog).toBeLessThanOrEqual(DEFAULT_FLOW.mirrorStep);
    expect(s.replayBytes).toBeLessThanOrEqual(REPLAY);
  }
  // Blocked, it stays (nearly) blocked: nothing comes from the engine while the reader does not read.
  expect(session.stats().output - blockedAt).toBeLessThan(1024 * 1024);
  // What the engine and kernel buffers held when the pause came is all that arrived since.
  expect(session.stats().output - pausedAt).toBeLessThan(4 * 1024 * 1024);

  // Ctrl-C reaches the shell although its output is paused; once the reader catches up, the prompt is back.
  t.type('\x03');
  t.autoAck = true;
  t.ack();
  await t.waitFor(() => /\$ $/.test(t.output.slice(-300)), 'the prompt after Ctrl-C');
  await t.run('echo CALM-$((3+4))', /CALM-7\n/);
  expect(session.stats().paused).toBe(false);
});

it('loses and repeats nothing when a slow reader makes it pause: the shell waits instead', async () => {
  const t = await connect(await newLearnerCookie(suite.box.baseUrl));
  await t.waitForPrompt();
  t.autoAck = false;
  t.ack();
  // ~350 KB of numbered lines: well past the flow-control window, so the session pauses mid-way.
  t.type('seq 1 60000; echo SEQ-$((2+2))\r');
  const session = await sessionOf(suite.box, t.control('attached'));
  await eventually(() => session.stats().paused, 'the output to pause for the reader');
  t.autoAck = true;
  t.ack();
  await t.waitFor(() => /SEQ-4/.test(t.output), 'the end of the output', 30_000);
  const numbers = plain(t.output)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
  expect(numbers).toHaveLength(60000);
  expect(numbers.every((n, i) => n === i + 1)).toBe(true);
});

it('stops `cat /dev/urandom | base64` with Ctrl-C for a fast reader', async () => {
  const t = await connect(await newLearnerCookie(suite.box.baseUrl));
  await t.waitForPrompt();
  t.type('cat /dev/urandom | base64\r');
  await t.waitFor(() => t.bytes > 2 * 1024 * 1024, 'two megabytes of flood');
  t.type('\x03');
  await t.waitFor(() => /\$ $/.test(t.output.slice(-300)), 'the prompt after Ctrl-C', 30_000);
  await t.run('echo BACK-$((4+4))', /BACK-8\n/);
});

it('releases the terminal of a client that vanished without a close frame', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const t = await connect(cookie);
  await t.waitForPrompt();
  t.type('yes\r');
  await t.waitFor(() => t.bytes > 100_000, 'the flood');
  const session = await sessionOf(suite.box, t.control('attached'));
  const sandbox = suite.box.boxlab.manager.list().find((s) => s.name === t.control('attached')?.sandbox);
  t.ws.terminate();
  await eventually(() => session.stats().clients === 0, 'the session to let the client go');
  expect(sandbox?.attachedClients).toBe(0);
  // Nobody reads: the flood cannot make the session hold more than its replay buffer.
  expect(session.stats().replayBytes).toBeLessThanOrEqual(REPLAY);
  // The shell lives on, and a returning learner gets it back.
  const again = await connect(cookie);
  await again.waitForAttach();
  again.type('\x03');
  await again.run('echo RETURNED', /RETURNED\n/);
});

it('drops a client that acknowledges without reading once its socket queue passes the bound', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const cheat = await connect(cookie);
  await cheat.waitForPrompt();
  const session = await sessionOf(suite.box, cheat.control('attached'));
  cheat.autoAck = false;
  // Stop reading from the socket, but keep claiming to have rendered everything.
  const socket = (cheat.ws as unknown as { _socket: Socket })._socket;
  socket.pause();
  cheat.type('yes\r');
  await eventually(
    () => {
      cheat.send({ type: 'ack', position: Number.MAX_SAFE_INTEGER });
      return session.stats().clients === 0;
    },
    'the server to drop the client',
    30_000,
    20,
  );
  socket.resume();
  // The shell is still there for an honest client.
  const honest = await connect(cookie);
  await honest.waitForAttach();
  honest.type('\x03');
  await honest.run('echo HONEST', /HONEST\n/);
});

it('refuses input, and says so, once a program that does not read holds a bounded amount of it', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const t = await connect(cookie);
  await t.waitForPrompt();
  // A foreground program that never reads its terminal.
  await t.run('tty > ~/stuck-tty; echo READY-$((5+5))', /READY-10\n/);
  t.type('sleep 600\r');
  const paste = Buffer.alloc(60 * 1024, 0x61);
  let sent = 0;
  // TTY, agent (1 MiB) and server (1 MiB) buffers; past them the server must refuse, well before 16 MiB.
  await eventually(
    () => {
      if (sent >= 16 * 1024 * 1024) throw new Error(`still taking input after ${sent} bytes`);
      t.sendRaw(paste, true);
      sent += paste.length;
      return t.controls.some((c) => c.type === 'error' && c.code === 'input_full');
    },
    'an input_full error',
    30_000,
    5,
  );
  expect(sent).toBeGreaterThan(1024 * 1024);
  // Said once, not once per refused frame.
  t.sendRaw(paste, true);
  // A ping after it: its pong means the server has handled the paste.
  t.send({ type: 'ping', t: 4242 });
  await t.waitFor(() => t.controls.some((c) => c.type === 'pong' && c.t === 4242), 'the pong');
  expect(t.controls.filter((c) => c.type === 'error' && c.code === 'input_full')).toHaveLength(1);
  // The learner is not stuck: from another shell in the sandbox they can end the stuck one.
  const other = await connect(cookie, { terminal: 'other' });
  await other.waitForPrompt();
  await other.run('pkill -KILL -t "$(cut -d/ -f3- ~/stuck-tty)"; echo KILLED-$((1+1))', /KILLED-2\n/);
  await t.waitFor(() => t.controls.some((c) => c.type === 'exit'), 'the stuck shell to end');
});
