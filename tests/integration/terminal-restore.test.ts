/**
 * Restore against the real engine: a reload or second tab gets the screen as it was (a full-screen program
 * included) from the server's headless mirror; a short drop is replayed exactly what it missed.
 */
import { expect, it } from 'vitest';
import { sessionOf } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { renderScreen } from '../helpers/screen.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';
import { newLearnerCookie, plain, type ClientOptions } from '../helpers/terminal-client.ts';

const suite = terminalSuite();
const connect = (cookie: string, extra: Partial<ClientOptions> = {}) => suite.connect(cookie, extra);

it('gives a reloaded page the screen as it was, with top still running, and it is live', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const first = await connect(cookie, { cols: 100, rows: 30 });
  await first.waitForPrompt();
  first.type('top -d 1\r');
  await first.waitFor(() => /PID\s+USER/.test(plain(first.output)), 'top to draw its table');
  await first.close();

  const reloaded = await connect(cookie, { cols: 100, rows: 30 });
  await reloaded.waitForAttach();
  expect(reloaded.control('attached')).toMatchObject({ continuous: false, readOnly: false });
  expect(reloaded.control('attached')?.screen).toBeGreaterThan(0);
  const shown = await renderScreen(reloaded.screen, 100, 30);
  expect(shown.visible.join('\n')).toMatch(/PID\s+USER/);
  expect(shown.visible.join('\n')).toMatch(/^top - /m);
  // And top is live: q quits it.
  reloaded.type('q');
  await reloaded.waitForOutput(/\$ $/);
});

it('restores an editor on the alternate screen, and the shell screen behind it', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const first = await connect(cookie, { cols: 90, rows: 25 });
  await first.waitForPrompt();
  await first.run('echo BEFORE-$((3*3))', /BEFORE-9\n/);
  first.type('vi notes.txt\r');
  await first.waitFor(() => first.output.includes('\x1b[?1049h'), 'vi to switch to the alternate screen');
  first.type('iHELLO-VIM\x1b');
  await first.waitFor(() => plain(first.output).includes('HELLO-VIM'), 'the typed text');
  await first.close();

  const second = await connect(cookie, { cols: 90, rows: 25 });
  await second.waitForAttach();
  const shown = await renderScreen(second.screen, 90, 25);
  expect(shown.alternate).toBe(true);
  expect(shown.visible[0]).toBe('HELLO-VIM');

  second.type(':q!\r');
  await second.waitForOutput(/\$ $/);
  const after = await renderScreen(second.screen + second.output, 90, 25);
  expect(after.alternate).toBe(false);
  expect(after.lines).toContain('BEFORE-9');
});

it('resumes a short drop from its position: nothing lost, nothing twice', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const a = await connect(cookie);
  await a.waitForPrompt();
  a.type('echo ONE-$((0+1)); sleep 0.3; echo TWO-$((1+1))\r');
  await a.waitForOutput(/ONE-1/);
  const position = a.position;
  await a.close();

  const b = await connect(cookie, { since: position });
  await b.waitForAttach();
  expect(b.control('attached')).toMatchObject({ position, continuous: true, screen: 0 });
  await b.waitFor(() => /TWO-2/.test(a.output + b.output), 'TWO-2 in either part');
  await b.run('echo THREE-$((1+2))', /THREE-3/);
  const whole = plain(a.output + b.output);
  expect(whole.match(/ONE-1\n/g)).toHaveLength(1);
  expect(whole.match(/TWO-2\n/g)).toHaveLength(1);
});

it('sends the screen and 5000 lines of scrollback when the replay no longer reaches back', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const a = await connect(cookie, { cols: 80, rows: 24 });
  await a.waitForPrompt();
  // ~590 KB: more than the 256 KiB replay buffer.
  await a.run('seq 1 100000; echo END-$((5*5))', /END-25\n/, 30_000);
  await a.close();

  const b = await connect(cookie, { cols: 80, rows: 24, since: 0 });
  await b.waitForAttach();
  expect(b.control('attached')).toMatchObject({ continuous: false });
  const shown = await renderScreen(b.screen, 80, 24);
  expect(shown.visible).toContain('END-25');
  expect(shown.lines.length).toBeGreaterThanOrEqual(5000);
  expect(shown.lines).toContain('99000');
  await b.run('echo STILL-$((2*3))', /STILL-6\n/);
});

it('keeps the mirror the size of the TTY when the learner resizes', async () => {
  const cookie = await newLearnerCookie(suite.box.baseUrl);
  const a = await connect(cookie, { cols: 100, rows: 30 });
  await a.waitForPrompt();
  a.send({ type: 'resize', cols: 60, rows: 20 });
  await a.run('for i in $(seq 100); do s=$(stty size); [ "$s" = "20 60" ] && break; sleep 0.05; done; echo SIZE=$s', /SIZE=\d+ \d+\n/);
  const session = await sessionOf(suite.box, a.control('attached'));
  // The mirror parses (and so resizes) asynchronously, in order with the output.
  await eventually(() => session.stats().size.cols === 60 && session.stats().size.rows === 20, 'the mirror to be 60x20');

  // A second tab sees a screen laid out for that size: a 50-character line is not wrapped.
  await a.run(`echo ${'w'.repeat(50)}`, /w{50}\n/);
  const b = await connect(cookie, { cols: 60, rows: 20 });
  await b.waitForAttach();
  const shown = await renderScreen(b.screen, 60, 20);
  expect(shown.lines).toContain('w'.repeat(50));
});
