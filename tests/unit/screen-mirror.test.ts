import { describe, expect, it } from 'vitest';
import { ScreenMirror } from '../../server/terminal/screen-mirror.ts';
import { renderScreen as render } from '../helpers/screen.ts';

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

  it('keeps at most its scrollback', async () => {
    const m = new ScreenMirror({ cols: 20, rows: 3 }, () => {}, 100);
    for (let i = 0; i < 1000; i++) m.write(bytes(`${i}\r\n`));
    const { lines } = await render((await m.snapshot()).data, 20, 3);
    expect(lines.length).toBeLessThanOrEqual(103);
    expect(lines).toContain('999');
    m.dispose();
  });
});
