import { describe, expect, it } from 'vitest';
import { ScreenMirror } from '../../server/terminal/screen-mirror.ts';
import { renderScreen } from '../helpers/screen.ts';

const render = (data: Uint8Array, cols: number, rows: number) => renderScreen(new TextDecoder().decode(data), cols, rows);

const bytes = (s: string) => new TextEncoder().encode(s);

describe('ScreenMirror', () => {
  it('rebuilds the screen and scrollback on an empty terminal', async () => {
    const m = new ScreenMirror({ cols: 40, rows: 5 }, () => {});
    for (let i = 1; i <= 30; i++) m.write(bytes(`line ${i}\r\n`));
    m.write(bytes('$ '));
    const snap = await m.snapshot();
    expect(snap.position).toBe(m.position);
    const { lines } = await render(snap.data, 40, 5);
    expect(lines[0]).toBe('line 1');
    expect(lines).toContain('line 30');
    expect(lines.at(-1)).toBe('$');
    m.dispose();
  });

  it('keeps a full-screen program on the alternate screen', async () => {
    const m = new ScreenMirror({ cols: 40, rows: 5 }, () => {});
    m.write(bytes('before\r\n\x1b[?1049h\x1b[2J\x1b[Htop - 12:00 up\r\n\x1b[7mPID USER\x1b[0m'));
    const { lines, alternate: alt } = await render((await m.snapshot()).data, 40, 5);
    expect(alt).toBe(true);
    expect(lines[0]).toBe('top - 12:00 up');
    expect(lines[1]).toBe('PID USER');
    m.dispose();
  });

  it('counts what it has parsed, so flow control can wait for it', async () => {
    let calls = 0;
    const m = new ScreenMirror({ cols: 20, rows: 3 }, () => calls++);
    m.write(bytes('abc'));
    m.write(bytes('def'));
    expect(m.position).toBe(6);
    await m.snapshot();
    expect(m.parsed).toBe(6);
    expect(calls).toBe(2);
    m.dispose();
  });

  it('resizes in order with the output', async () => {
    const m = new ScreenMirror({ cols: 20, rows: 3 }, () => {});
    m.write(bytes('x'.repeat(30)));
    m.resize(40, 4);
    m.write(bytes('\r\n' + 'y'.repeat(30)));
    await m.snapshot();
    expect([m.cols, m.rows]).toEqual([40, 4]);
    const { lines } = await render((await m.snapshot()).data, 40, 4);
    expect(lines).toContain('y'.repeat(30));
    m.dispose();
  });

  it('keeps a bounded scrollback', async () => {
    const m = new ScreenMirror({ cols: 20, rows: 3 }, () => {}, 1000);
    for (let i = 0; i < 5000; i++) m.write(bytes(`${i}\r\n`));
    const { lines } = await render((await m.snapshot()).data, 20, 5000);
    expect(lines.filter(Boolean).length).toBeGreaterThanOrEqual(1000);
    // The scrollback asked for, plus at most what the mirror has not archived yet.
    expect(lines.filter(Boolean).length).toBeLessThanOrEqual(1000 + 500);
    expect(lines).toContain('4999');
    m.dispose();
  });
});

describe('ScreenMirror scrollback archive', () => {
  it('brings back 5000 lines while holding few as cells', async () => {
    const m = new ScreenMirror({ cols: 80, rows: 24 }, () => {});
    // In chunks as large as a flood delivers, with lines that wrap.
    let chunk = '';
    for (let i = 1; i <= 8000; i++) {
      chunk += `line ${i} ${i % 7 === 0 ? 'x'.repeat(150) : ''}\r\n`;
      if (chunk.length > 60_000) {
        m.write(bytes(chunk));
        chunk = '';
      }
    }
    m.write(bytes(chunk + '$ '));
    const { lines } = await render((await m.snapshot()).data, 80, 24);
    // Scrollback counts rows, as in the browser: a wrapped line takes several.
    expect(lines.length).toBeGreaterThanOrEqual(5000);
    // Consecutive, no line lost or doubled at the archive's seams.
    const numbers = lines.map((l) => /^line (\d+)/.exec(l)?.[1]).filter(Boolean).map(Number);
    const first = numbers[0]!;
    expect(numbers).toEqual(Array.from({ length: 8000 - first + 1 }, (_, i) => first + i));
    expect(m.archivedBytes).toBeLessThan(2 * 1024 * 1024);
    m.dispose();
  });
});

describe('ScreenMirror archived lines', () => {
  it('keep their colours and their wrapping', async () => {
    const m = new ScreenMirror({ cols: 40, rows: 5 }, () => {});
    for (let i = 1; i <= 1500; i++) m.write(bytes(i % 10 === 0 ? `\x1b[31mred ${i}\x1b[0m\r\n` : `plain ${i} ${'w'.repeat(i === 11 ? 70 : 0)}\r\n`));
    const data = new TextDecoder().decode((await m.snapshot()).data);
    expect(data).toMatch(/\x1b\[[0-9;]*31m(\x1b\[[0-9;]*m)*red 10\b/);
    const { lines } = await render((await m.snapshot()).data, 40, 5);
    // Line 11 wrapped over two rows of 40 columns, as when it was printed.
    const at = lines.indexOf('plain 11 ' + 'w'.repeat(31));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe('w'.repeat(39));
    expect(lines[at + 2]).toBe('plain 12');
    m.dispose();
  });
});
