/**
 * A shell's session after a server restart numbers its output from a base of its own, so a client's count from
 * the server before (kill -9 included) is never mistaken for one of its positions: the client keeps its screen and
 * gets everything the new session has, what the shell printed while the server was away included.
 */
import { expect, it } from 'vitest';
import type { ServerControl } from '../../server/contracts/terminal-protocol.ts';
import type { ShellLink } from '../../server/terminal/agent-links.ts';
import { DEFAULT_FLOW } from '../../server/terminal/flow-control.ts';
import { TerminalSession, type TerminalClient } from '../../server/terminal/terminal-session.ts';

function shell() {
  let on: { output(chunk: Buffer): void; end(): void } | undefined;
  const link: ShellLink = {
    start: (handlers) => void (on = handlers),
    write: () => true,
    pause: () => {},
    resume: () => {},
    resize: async () => {},
    redraw: () => {},
    close: () => {},
  };
  return { link, print: (s: string) => on!.output(Buffer.from(s)) };
}

function client() {
  const controls: ServerControl[] = [];
  let output = '';
  const c: TerminalClient = { readOnly: false, queued: 0, sendControl: (m) => void controls.push(m), sendOutput: (d) => void (output += Buffer.from(d).toString()), close: () => {} };
  return { c, controls, output: () => output };
}

const session = (link: ShellLink, firstPosition?: number) =>
  new TerminalSession(link, {
    terminalId: 'main',
    sandboxName: 'boxlab-test',
    replayBytes: 256 * 1024,
    flow: DEFAULT_FLOW,
    lingerMs: 60_000,
    size: { cols: 80, rows: 24 },
    onActivity: () => {},
    onEnd: () => {},
    kill: async () => {},
    ...(firstPosition !== undefined ? { firstPosition } : {}),
  });

it('gives a client from before a restart all the new session printed, even when its count falls inside the new numbering', async () => {
  // The old server's client had seen 4 bytes; the new server's session (numbered from 0, as before the fix) has 12.
  const sh = shell();
  const s = session(sh.link, 1_000_000);
  const watcher = client();
  await s.attach(watcher.c, undefined);
  sh.print('tick-5\ntick-6\n');
  s.detach(watcher.c);
  const back = client();
  expect(await s.attach(back.c, 4)).toBe(true);
  expect(back.controls[0]).toMatchObject({ type: 'attached', position: 1_000_000, continuous: true, screen: 0 });
  expect(back.output()).toBe('tick-5\ntick-6\n');
  await s.close('done');
});

it('still resumes its own clients from their position, from any base', async () => {
  const sh = shell();
  const s = session(sh.link, 2 ** 51);
  const first = client();
  await s.attach(first.c, undefined);
  expect(first.controls[0]).toMatchObject({ position: 2 ** 51 });
  sh.print('hello world');
  s.detach(first.c);
  const again = client();
  expect(await s.attach(again.c, 2 ** 51 + 6)).toBe(true);
  expect(again.controls[0]).toMatchObject({ type: 'attached', position: 2 ** 51 + 6, continuous: true });
  expect(again.output()).toBe('world');
  await s.close('done');
});
