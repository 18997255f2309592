/**
 * The workshop pages' pure parts: the grid's sort and filter, how times are said, and the terminal connection
 * handing `notice` frames to the page without counting them as output.
 */
import { describe, expect, it } from 'vitest';
import { encodeControl, type ClientControl, decodeClientControl, type ServerControl } from '../../server/contracts/terminal-protocol.ts';
import type { GridRow } from '../../server/contracts/workshop.ts';
import { TerminalConnection, type TerminalNotice } from '../../src/client/terminal-connection.ts';
import { orderRows, passedCount } from '../../src/client/workshop-grid-order.ts';
import { endsInText, formatDuration } from '../../src/client/workshop-time.ts';

const row = (name: string, over: Partial<GridRow> = {}): GridRow => ({
  member: name.toLowerCase(),
  name,
  joinedAt: 0,
  lesson: 'course/one',
  exercise: 'first',
  since: 1000,
  lastActivityAt: 1000,
  idle: false,
  stuck: false,
  sandbox: 'running',
  cells: {},
  terminals: ['main'],
  ...over,
});
const passed = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, { passed: true, failures: 0 }]));
const names = (rows: GridRow[]) => rows.map((r) => r.name);
const all = { text: '', flaggedOnly: false };

describe('the grid’s order', () => {
  const rows = [
    row('carol', { cells: passed('a', 'b') }),
    row('Alice', { stuck: true, since: 5000 }),
    row('bob', { idle: true, cells: passed('a') }),
    row('Dan', { stuck: true, since: 2000, lesson: 'course/two', exercise: 'last' }),
  ];

  it('sorts by name (case aside), by progress (most passed first), or stuck first then idle, longest stuck first', () => {
    expect(names(orderRows(rows, 'name', all))).toEqual(['Alice', 'bob', 'carol', 'Dan']);
    expect(names(orderRows(rows, 'progress', all))).toEqual(['carol', 'bob', 'Alice', 'Dan']);
    expect(names(orderRows(rows, 'stuck', all))).toEqual(['Dan', 'Alice', 'bob', 'carol']);
    expect(passedCount(rows[0]!)).toBe(2);
  });

  it('filters by text in the name, lesson or exercise, and by flags', () => {
    expect(names(orderRows(rows, 'name', { text: '  ALI ', flaggedOnly: false }))).toEqual(['Alice']);
    expect(names(orderRows(rows, 'name', { text: 'course/two', flaggedOnly: false }))).toEqual(['Dan']);
    expect(names(orderRows(rows, 'name', { text: '', flaggedOnly: true }))).toEqual(['Alice', 'bob', 'Dan']);
    expect(names(orderRows(rows, 'name', { text: 'carol', flaggedOnly: true }))).toEqual([]);
  });

  it('leaves the rows it was given as they were', () => {
    const before = names(rows);
    orderRows(rows, 'progress', all);
    expect(names(rows)).toEqual(before);
  });
});

describe('times', () => {
  it('says durations as precisely as a person needs', () => {
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(45_999)).toBe('45 s');
    expect(formatDuration(4 * 60_000 + 5_000)).toBe('4 min 05 s');
    expect(formatDuration(72 * 60_000 + 30_000)).toBe('1 h 12 min');
  });

  it('counts down to the end in minutes, and in seconds at the very end', () => {
    const now = 1_000_000;
    expect(endsInText(now + 3 * 60 * 60_000, now)).toBe('ends in 3 h 00 min');
    expect(endsInText(now + 42 * 60_000 + 1, now)).toBe('ends in 43 min');
    expect(endsInText(now + 90_000, now)).toBe('ends in 1 min 30 s');
    expect(endsInText(now, now)).toBe('ends now');
  });
});

/** Just enough of a WebSocket for the connection: the test plays the server. */
class FakeSocket {
  readonly readyState = 1;
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null = null;
  readonly sent: ClientControl[] = [];
  send(data: string | Uint8Array): void {
    const decoded = typeof data === 'string' ? decodeClientControl(data) : undefined;
    if (decoded?.ok) this.sent.push(decoded.value);
  }
  close(): void {}
  control(msg: ServerControl): void {
    this.onmessage?.({ data: encodeControl(msg) });
  }
}

describe('notices on the terminal connection', () => {
  it('hands broadcast and watched notices to the page, and never counts or acknowledges them as output', () => {
    const socket = new FakeSocket();
    const notices: TerminalNotice[] = [];
    const connection = new TerminalConnection({
      url: 'ws://boxlab.test/ws/terminal',
      terminal: 'main',
      lesson: 'course/one',
      size: () => ({ cols: 80, rows: 24 }),
      events: { output: (_d, rendered) => rendered(), reset: () => {}, state: () => {}, notice: (n) => notices.push(n) },
      socket: () => socket as unknown as WebSocket,
    });
    connection.connect();
    socket.onopen?.();
    socket.control({ type: 'attached', v: 1, terminal: 'main', sandbox: 'box', position: 10, continuous: true, screen: 0, readOnly: false });
    socket.control({ type: 'notice', kind: 'watched', text: 'Your instructor is watching', watchers: 1 });
    socket.control({ type: 'notice', kind: 'broadcast', text: 'Break in 5 minutes' });
    expect(notices.map((n) => [n.kind, n.watchers ?? n.text])).toEqual([
      ['watched', 1],
      ['broadcast', 'Break in 5 minutes'],
    ]);
    expect(connection.position).toBe(10);
    expect(socket.sent.filter((c) => c.type === 'ack')).toEqual([]);
    connection.stop();
  });
});
