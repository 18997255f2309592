import { describe, expect, it } from 'vitest';
import { MirrorFeed } from '../../server/terminal/mirror-feed.ts';
import { ReplayBuffer } from '../../server/terminal/replay-buffer.ts';
import { renderScreen } from '../helpers/screen.ts';
import { eventually } from '../helpers/eventually.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const shown = async (feed: MirrorFeed, cols: number, rows: number) => renderScreen(new TextDecoder().decode((await feed.snapshot()).data), cols, rows);

describe('MirrorFeed', () => {
  it('gives the mirror no more than a step beyond what it parsed, and all of it for a snapshot', async () => {
    const buffer = new ReplayBuffer(1 << 20);
    const feed = new MirrorFeed(buffer, { cols: 40, rows: 5 }, 1000);
    for (let i = 0; i < 500; i++) {
      buffer.append(bytes(`line ${i}\r\n`));
      feed.onOutput();
      expect(feed.backlog).toBeLessThanOrEqual(1000);
    }
    const snap = await feed.snapshot();
    expect(snap.position).toBe(buffer.end);
    expect((await shown(feed, 40, 5)).visible).toContain('line 499');
    feed.dispose();
  });

  it('rebuilds from the replay buffer when a flood outran it, losing only what the buffer lost', async () => {
    const buffer = new ReplayBuffer(2000);
    const feed = new MirrorFeed(buffer, { cols: 40, rows: 5 }, 100);
    // Appended faster than the mirror is given it: it falls behind the buffer's start.
    for (let i = 0; i < 1000; i++) buffer.append(bytes(`flood ${i}\r\n`));
    expect(feed.behind).toBeGreaterThan(2000);
    buffer.append(bytes('$ '));
    const { lines, visible } = await shown(feed, 40, 5);
    expect(visible.at(-1)).toBe('$');
    expect(lines).toContain('flood 999');
    expect(lines).not.toContain('flood 1');
    feed.dispose();
  });

  it('follows light output a moment after it comes', async () => {
    const buffer = new ReplayBuffer(1 << 20);
    const feed = new MirrorFeed(buffer, { cols: 40, rows: 5 }, 64 * 1024);
    for (let i = 0; i < 10; i++) {
      buffer.append(bytes(`tick ${i}\r\n`));
      feed.onOutput();
      await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => feed.lag === 0, 'the mirror to parse all the output');
    feed.dispose();
  });

  it('does not parse output that comes faster than a step per moment (flow control paces a flood, it outruns the mirror)', async () => {
    const buffer = new ReplayBuffer(1 << 20);
    const feed = new MirrorFeed(buffer, { cols: 80, rows: 24 }, 64 * 1024);
    const line = bytes('x'.repeat(78) + '\r\n');
    // ~1.6 MB/s in 16 KiB reads for half a second: a flood paced by a reader.
    const end = Date.now() + 500;
    let sent = 0;
    while (Date.now() < end) {
      for (let i = 0; i < 200; i++) buffer.append(line);
      sent += 200 * line.length;
      feed.onOutput();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(feed.behind).toBeGreaterThan(sent - 64 * 1024);
    // A snapshot still has the screen as it is.
    buffer.append(bytes('$ '));
    const { visible } = await shown(feed, 80, 24);
    expect(visible.at(-1)).toBe('$');
    feed.dispose();
  });

  it('applies a resize where it happened in the output', async () => {
    const buffer = new ReplayBuffer(1 << 20);
    const feed = new MirrorFeed(buffer, { cols: 20, rows: 5 }, 10);
    buffer.append(bytes('a'.repeat(30) + '\r\n'));
    feed.resize(50, 5);
    buffer.append(bytes('b'.repeat(30) + '\r\n'));
    const { lines } = await shown(feed, 50, 5);
    // Printed at 20 columns, the a's wrapped (and reflow joins them again); the b's never wrapped.
    expect(lines).toContain('b'.repeat(30));
    expect(feed.size).toEqual({ cols: 50, rows: 5 });
    feed.dispose();
  });
});
