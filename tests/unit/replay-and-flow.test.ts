import { describe, expect, it } from 'vitest';
import { isSocketOverfull, isViewerTooSlow, shouldPause, type FlowLimits } from '../../server/terminal/flow-control.ts';
import { ReplayBuffer } from '../../server/terminal/replay-buffer.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

describe('ReplayBuffer', () => {
  it('replays only what a client has not seen', () => {
    const b = new ReplayBuffer(100);
    b.append(bytes('hello '));
    b.append(bytes('world'));
    expect(b.end).toBe(11);
    const r = b.since(6);
    expect(r).toMatchObject({ from: 6, continuous: true });
    expect(text(r.chunks)).toBe('world');
    expect(text(b.since(11).chunks)).toBe('');
    expect(text(b.since(3).chunks)).toBe('lo world');
  });

  it('keeps the oldest bytes when the ring grows', () => {
    const b = new ReplayBuffer(64 * 1024);
    const first = 'a'.repeat(1500) + 'b'.repeat(1500);
    b.append(bytes(first));
    // 3,000 + 2,000 bytes outgrow the first 4 KiB ring.
    b.append(bytes('c'.repeat(2000)));
    expect(b.since(0)).toMatchObject({ from: 0, continuous: true });
    expect(text(b.since(0).chunks)).toBe(first + 'c'.repeat(2000));
  });

  it('keeps at most its capacity, and says when a gap was dropped', () => {
    const b = new ReplayBuffer(8);
    b.append(bytes('0123456789'));
    b.append(bytes('ab'));
    expect(b.bytes).toBe(8);
    expect(b.start).toBe(4);
    expect(text(b.since(undefined).chunks)).toBe('456789ab');
    expect(b.since(1)).toMatchObject({ from: 4, continuous: false });
    expect(b.since(5)).toMatchObject({ from: 5, continuous: true });
  });

  it('treats a position from the future (another server, a bug) as a gap', () => {
    const b = new ReplayBuffer(8);
    b.append(bytes('abc'));
    expect(b.since(50)).toMatchObject({ from: 0, continuous: false });
  });

  it('stays bounded under many small appends', () => {
    const b = new ReplayBuffer(1000);
    for (let i = 0; i < 10_000; i++) b.append(bytes('xyz'));
    expect(b.bytes).toBe(1000);
    expect(b.end).toBe(30_000);
  });

  it('returns exactly the bytes a plain log would, across growth and wrap-around, at any position and size', () => {
    // A capacity that is no power of two, so the ring's last size is not a doubling of its first.
    const capacity = 10_000;
    const b = new ReplayBuffer(capacity);
    const log: number[] = [];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let step = 0; step < 400; step++) {
      const chunk = new Uint8Array(rand(step % 50 === 0 ? 12_000 : 700)).map(() => rand(256));
      b.append(chunk);
      log.push(...chunk);
      const kept = log.slice(Math.max(0, log.length - capacity));
      expect(b.start).toBe(log.length - kept.length);
      expect(Buffer.concat(b.since(b.start).chunks).equals(Buffer.from(kept))).toBe(true);
      const at = b.start + rand(kept.length + 1);
      const max = rand(3) === 0 ? rand(2000) : Infinity;
      const r = b.since(at, max);
      const want = log.slice(at, Math.min(log.length, at + max));
      expect(r.from).toBe(at);
      expect(Buffer.concat(r.chunks).equals(Buffer.from(want))).toBe(true);
    }
  });

  it('hands out copies: what it returned stays as it was when more output arrives', () => {
    const b = new ReplayBuffer(8);
    b.append(bytes('abcdefgh'));
    const before = b.since(0).chunks;
    b.append(bytes('12345678'));
    expect(text(before)).toBe('abcdefgh');
  });
});

describe('flow control', () => {
  const limits: FlowLimits = { high: 100, low: 20, viewerLimit: 500, socketLimit: 1000, mirrorStep: 50 };
  const client = (sent: number, acked: number, readOnly = false) => ({ sent, acked, readOnly });

  it('pauses above the high watermark and resumes only below the low one', () => {
    expect(shouldPause([client(100, 0)], false, limits)).toBe(false);
    expect(shouldPause([client(101, 0)], false, limits)).toBe(true);
    expect(shouldPause([client(101, 50)], true, limits)).toBe(true);
    expect(shouldPause([client(101, 81)], true, limits)).toBe(false);
  });

  it('lets the slowest interactive client decide, and never a viewer', () => {
    expect(shouldPause([client(10, 10), client(500, 0)], false, limits)).toBe(true);
    expect(shouldPause([client(10, 10), client(10_000, 0, true)], false, limits)).toBe(false);
  });

  it('lets the mirror pace a flood only when no interactive client is attached', () => {
    expect(shouldPause([], false, limits, 101)).toBe(true);
    expect(shouldPause([client(0, 0, true)], false, limits, 101)).toBe(true);
    expect(shouldPause([client(10, 10)], false, limits, 10_000)).toBe(false);
    expect(shouldPause([], true, limits, 21)).toBe(true);
    expect(shouldPause([], true, limits, 20)).toBe(false);
  });

  it('drops a viewer that falls too far behind', () => {
    expect(isViewerTooSlow(client(600, 0, true), limits)).toBe(true);
    expect(isViewerTooSlow(client(600, 0, false), limits)).toBe(false);
  });

  it('bounds what waits on a socket, allowing the snapshot a client was sent on attach', () => {
    expect(isSocketOverfull(1000, 0, limits)).toBe(false);
    expect(isSocketOverfull(1001, 0, limits)).toBe(true);
    expect(isSocketOverfull(5000, 4500, limits)).toBe(false);
  });
});
