/**
 * TerminalSession's bookkeeping with a stand-in shell link: positions on attach, and what a client is told when
 * the shell is gone.
 */
import { describe, expect, it } from 'vitest';
import type { ServerControl } from '../../server/contracts/terminal-protocol.ts';
import type { ShellLink } from '../../server/terminal/agent-links.ts';
import { DEFAULT_FLOW } from '../../server/terminal/flow-control.ts';
import { TerminalSession, type TerminalClient } from '../../server/terminal/terminal-session.ts';

function fakeLink() {
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
  return { link, output: (s: string) => on!.output(Buffer.from(s)), end: () => on!.end() };
}

function fakeClient() {
  const controls: ServerControl[] = [];
  let output = '';
  const client: TerminalClient = {
    readOnly: false,
    queued: 0,
    sendControl: (m) => void controls.push(m),
    sendOutput: (d) => void (output += Buffer.from(d).toString()),
    close: () => {},
  };
  return { client, controls, output: () => output };
}

function session(link: ShellLink) {
  return new TerminalSession(link, {
    terminalId: 'main',
    sandboxName: 'boxlab-test',
    replayBytes: 256 * 1024,
    flow: DEFAULT_FLOW,
    lingerMs: 60_000,
    size: { cols: 80, rows: 24 },
    onActivity: () => {},
    onEnd: () => {},
    kill: async () => {},
  });
}

describe('TerminalSession', () => {
  it('counts from 0 with a client that saw output on another server, when this one has none yet', async () => {
    // A restarted server linked the agent again; the client reconnects with the count it had before.
    const shell = fakeLink();
    const s = session(shell.link);
    const c = fakeClient();
    expect(await s.attach(c.client, 50_000)).toBe(true);
    expect(c.controls[0]).toMatchObject({ type: 'attached', position: 0, continuous: true, screen: 0 });
    shell.output('$ ');
    expect(c.output()).toBe('$ ');
    // Its acknowledgement counts against what it was sent, so flow control works for it.
    s.ack(c.client, 2);
    expect(s.stats().worstLag).toBe(0);
    await s.close('done');
  });

  it('resumes from a position it still holds', async () => {
    const shell = fakeLink();
    const s = session(shell.link);
    const first = fakeClient();
    await s.attach(first.client, undefined);
    shell.output('hello world');
    s.detach(first.client);
    const again = fakeClient();
    expect(await s.attach(again.client, 6)).toBe(true);
    expect(again.controls[0]).toMatchObject({ type: 'attached', position: 6, continuous: true });
    expect(again.output()).toBe('world');
    await s.close('done');
  });

  it('tells a client joining an ended shell that it exited, and reports it was not attached', async () => {
    const shell = fakeLink();
    const s = session(shell.link);
    shell.end();
    const c = fakeClient();
    expect(await s.attach(c.client, undefined)).toBe(false);
    expect(c.controls).toEqual([{ type: 'exit', code: null }]);
  });
});
