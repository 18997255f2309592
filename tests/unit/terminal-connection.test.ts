/**
 * The browser's TerminalConnection against a fake socket: what is typed before the shell can take it is
 * kept (bounded) and sent once attached, in order and once, across a reconnect too; the hello says what the
 * options say.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeClientControl,
  encodeControl,
  MAX_INPUT_FRAME_BYTES,
  type ClientControl,
  type ServerControl,
} from '../../server/contracts/terminal-protocol.ts';
import { HELD_INPUT_LIMIT, HeldInput } from '../../src/client/held-input.ts';
import { TerminalConnection, type ConnectionOptions, type ConnectionState } from '../../src/client/terminal-connection.ts';

const OPEN = 1;
const CLOSED = 3;

/** Just enough of a WebSocket: the test plays the server. */
class FakeSocket {
  binaryType = 'blob';
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  /** Everything the client sent: control messages decoded, input as text. */
  readonly sent: ({ control: ClientControl } | { input: string })[] = [];

  send(data: string | Uint8Array): void {
    if (this.readyState !== OPEN) throw new Error('send on a socket that is not open');
    if (typeof data === 'string') {
      const decoded = decodeClientControl(data);
      if (!decoded.ok) throw new Error(`client sent a bad control message: ${data}`);
      this.sent.push({ control: decoded.value });
    } else this.sent.push({ input: new TextDecoder().decode(data) });
  }

  close(): void {
    this.readyState = CLOSED;
  }

  open(): void {
    this.readyState = OPEN;
    this.onopen?.();
  }

  control(msg: ServerControl): void {
    this.onmessage?.({ data: encodeControl(msg) });
  }

  attach(position = 0): void {
    this.control({ type: 'attached', v: 1, terminal: 'main', sandbox: 'box', position, continuous: true, screen: 0, readOnly: false });
    this.control({ type: 'status', state: 'ready' });
  }

  output(text: string): void {
    this.onmessage?.({ data: new TextEncoder().encode(text).buffer });
  }

  drop(code = 1006): void {
    this.readyState = CLOSED;
    this.onclose?.({ code, reason: '' });
  }

  /** The input this socket carried, in the order sent. */
  get input(): string {
    return this.sent.map((s) => ('input' in s ? s.input : '')).join('');
  }

  get controls(): ClientControl[] {
    return this.sent.flatMap((s) => ('control' in s ? [s.control] : []));
  }
}

function setup(extra: Partial<ConnectionOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const states: { state: ConnectionState; message: string }[] = [];
  const connection = new TerminalConnection({
    url: 'ws://boxlab.test/ws/terminal',
    terminal: 'main',
    lesson: 'containers/what-is-a-container',
    size: () => ({ cols: 80, rows: 24 }),
    socket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    events: {
      output: (_data, rendered) => rendered(),
      reset: () => {},
      state: (state, message) => states.push({ state, message }),
    },
    ...extra,
  });
  const last = () => sockets.at(-1)!;
  return { connection, sockets, states, last };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TerminalConnection: input before the shell is ready', () => {
  it('keeps keys typed while connecting and starting, and sends them once attached, in order and once', () => {
    const { connection, last } = setup();
    connection.input('ec');
    connection.connect();
    connection.input('ho o');
    last().open();
    last().control({ type: 'status', state: 'starting' });
    connection.input('k > /tmp/x\r');
    // Only the hello went out: the server would drop input that comes before the terminal is attached.
    expect(last().sent).toEqual([{ control: expect.objectContaining({ type: 'hello' }) }]);

    last().attach();
    expect(last().input).toBe('echo ok > /tmp/x\r');
    connection.input('ls\r');
    expect(last().input).toBe('echo ok > /tmp/x\rls\r');
    // The held keys went as they were typed, before anything typed after the attach.
    expect(last().sent.slice(1).map((s) => ('input' in s ? s.input : s.control.type))).toEqual(['ec', 'ho o', 'k > /tmp/x\r', 'ls\r']);
  });

  it('holds what is typed while reconnecting and sends it after the new attach, never twice', () => {
    vi.useFakeTimers();
    const { connection, sockets, last } = setup();
    connection.connect();
    last().open();
    last().attach();
    connection.input('before\r');
    last().output('before\r\n$ ');
    last().drop();
    connection.input('dur');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    connection.input('ing\r');
    last().open();
    expect(last().controls[0]).toMatchObject({ type: 'hello', since: 10 });
    expect(last().input).toBe('');
    last().attach(10);
    connection.input('after\r');
    expect(sockets[0]!.input).toBe('before\r');
    expect(last().input).toBe('during\rafter\r');
  });

  it('keeps at most the bound, then says plainly that input is not taken, and takes nothing more until it is ready', () => {
    const { connection, states, last } = setup();
    connection.connect();
    const paste = 'x'.repeat(HELD_INPUT_LIMIT - 3);
    connection.input(paste);
    connection.input('abc');
    expect(states.filter((s) => /not taken/.test(s.message))).toHaveLength(0);
    connection.input('d');
    connection.input('e');
    // Said once, in the state it was in (still connecting).
    const told = states.filter((s) => /not taken/.test(s.message));
    expect(told).toEqual([{ state: 'connecting', message: expect.stringMatching(/not ready yet.*not taken/) }]);

    last().open();
    last().attach();
    // What fitted, whole; nothing typed after the first refused key (no command with a hole in it).
    expect(last().input).toBe(paste + 'abc');
    expect(states.at(-1)).toEqual({ state: 'ready', message: 'Connected' });
    connection.input('f');
    expect(last().input).toBe(paste + 'abcf');
  });

  it('drops held input when the terminal ends, and holds nothing after', () => {
    const { connection, last } = setup();
    connection.connect();
    last().open();
    connection.input('lost');
    last().control({ type: 'status', state: 'expired' });
    connection.input('more');
    last().drop(4410);
    expect(last().input).toBe('');
  });

  it('starts afresh after `restart`: no position to resume, nothing typed for the old shell', () => {
    const { connection, last } = setup({ since: 7 });
    connection.connect();
    last().open();
    expect(last().controls[0]).toMatchObject({ type: 'hello', since: 7 });
    last().attach(7);
    last().control({ type: 'exit', code: null });
    connection.input('ignored');
    connection.restart();
    last().open();
    expect(last().controls[0]).not.toHaveProperty('since');
    last().attach();
    expect(last().input).toBe('');
  });

  it('splits a large paste after attach to the frame limit', () => {
    const { connection, last } = setup();
    connection.connect();
    last().open();
    last().attach();
    connection.input('y'.repeat(MAX_INPUT_FRAME_BYTES + 10));
    expect(last().sent.slice(1).map((s) => ('input' in s ? s.input.length : -1))).toEqual([MAX_INPUT_FRAME_BYTES, 10]);
  });
});

describe('TerminalConnection: options', () => {
  it('says `since` and `readOnly` in its first hello, and sends none with `hello: false`', () => {
    const viewer = setup({ since: 42, readOnly: true });
    viewer.connection.connect();
    viewer.last().open();
    expect(viewer.last().controls).toEqual([
      { type: 'hello', v: 1, terminal: 'main', lesson: 'containers/what-is-a-container', cols: 80, rows: 24, since: 42, readOnly: true },
    ]);
    const silent = setup({ hello: false });
    silent.connection.connect();
    silent.last().open();
    expect(silent.last().sent).toEqual([]);
  });

  it('does not reconnect with `reconnect: false`', () => {
    vi.useFakeTimers();
    const { connection, sockets, last } = setup({ reconnect: false });
    connection.connect();
    last().open();
    last().attach();
    last().drop();
    connection.input('gone');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('sends the attach snapshot to `screen`, unnumbered and unacknowledged, and counts output after it', () => {
    const screens: string[] = [];
    const { connection, last } = setup({
      events: { output: (_d, rendered) => rendered(), screen: (d) => screens.push(new TextDecoder().decode(d)), reset: () => {}, state: () => {} },
    });
    connection.connect();
    last().open();
    last().control({ type: 'attached', v: 1, terminal: 'main', sandbox: 'box', position: 100, continuous: false, screen: 5, readOnly: false });
    last().output('$ ls ');
    last().output('x'.repeat(20_000));
    expect(screens).toEqual(['$ ls ']);
    expect(connection.position).toBe(20_100);
    expect(last().controls.filter((c) => c.type === 'ack')).toEqual([{ type: 'ack', position: 20_100 }]);
  });
});

describe('HeldInput', () => {
  it('keeps chunks in order up to its limit, refuses everything after the first that does not fit, and starts over once taken', () => {
    const held = new HeldInput(4);
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(held.hold(bytes('ab'))).toBe(true);
    expect(held.hold(bytes('cde'))).toBe(false);
    expect(held.hold(bytes('f'))).toBe(false);
    expect(held.refusing).toBe(true);
    expect(held.take().map((b) => new TextDecoder().decode(b))).toEqual(['ab']);
    expect(held.bytes).toBe(0);
    expect(held.hold(bytes('cdef'))).toBe(true);
  });
});

describe('TerminalConnection: refusals a learner can read', () => {
  it('says a refusal only the operator can lift, and does not retry', () => {
    vi.useFakeTimers();
    const { connection, sockets, states, last } = setup();
    connection.connect();
    last().open();
    last().control({ type: 'error', code: 'profile_unavailable', message: 'This server does not offer the "docker" sandbox this lesson needs.' });
    last().drop(4503);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toEqual({ state: 'error', message: 'This server does not offer the "docker" sandbox this lesson needs.' });
  });

  it('waits as long as the server says before trying again, counting down, and keeps what was typed', () => {
    vi.useFakeTimers();
    const { connection, sockets, states, last } = setup();
    connection.connect();
    last().open();
    last().control({ type: 'error', code: 'rate_limited', message: 'Sandboxes are being started too quickly from your address. Your terminal tries again in 30 s.', retryAfterMs: 30_000 });
    last().drop(4503);
    expect(states.at(-1)).toEqual({ state: 'reconnecting', message: 'Sandboxes are being started too quickly from your address. Trying again in 30 s…' });
    connection.input('ls\r');
    vi.advanceTimersByTime(29_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)?.message).toMatch(/Trying again in 1 s…$/);
    vi.advanceTimersByTime(1_000);
    expect(sockets).toHaveLength(2);
    last().open();
    last().attach();
    expect(last().input).toBe('ls\r');
  });

  it('a dropped connection without a refusal reconnects with backoff, as before', () => {
    vi.useFakeTimers();
    const { connection, sockets, states, last } = setup();
    connection.connect();
    last().open();
    last().drop(1006);
    expect(states.at(-1)?.message).toMatch(/Connection lost/);
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
  });
});

describe('TerminalConnection: start steps and the kernel panel', () => {
  it('hands step frames to the view, and a step frame of a newer server to an older view is harmless', () => {
    const steps: string[] = [];
    const { connection, last } = setup({ events: { output: () => {}, reset: () => {}, state: () => {}, step: (s) => steps.push(`${s.step}:${s.message}`) } });
    connection.connect();
    last().open();
    last().control({ type: 'step', step: 'queued', message: 'Waiting for a free place (2nd in line)', place: 2 });
    last().control({ type: 'step', step: 'creating', message: 'Creating your sandbox' });
    // A frame this client cannot decode (a type from a later server) is dropped, not an error.
    last().onmessage?.({ data: '{"type":"someday","x":1}' });
    expect(steps).toEqual(['queued:Waiting for a free place (2nd in line)', 'creating:Creating your sandbox']);
  });

  it('asks for kernel frames only while attached, again after a reconnect, and stops when asked', () => {
    vi.useFakeTimers();
    const figures: number[] = [];
    const { connection, sockets, last } = setup({ events: { output: () => {}, reset: () => {}, state: () => {}, kernel: (k) => figures.push(k.pids.current) } });
    connection.connect();
    last().open();
    connection.watchKernel(true);
    // Not attached yet: nothing asked until the attach.
    expect(last().controls.map((c) => c.type)).toEqual(['hello']);
    last().attach();
    expect(last().controls.at(-1)).toEqual({ type: 'kernel', on: true });
    last().control({ type: 'kernel', memory: { current: 1 }, cpu: { quota: 1, throttled: 0 }, pids: { current: 3 } });
    expect(figures).toEqual([3]);
    last().drop();
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(2);
    last().open();
    last().attach();
    expect(last().controls.filter((c) => c.type === 'kernel')).toEqual([{ type: 'kernel', on: true }]);
    connection.watchKernel(false);
    expect(last().controls.at(-1)).toEqual({ type: 'kernel', on: false });
  });
});
