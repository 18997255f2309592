/**
 * A broadcast drawn into the learner's terminal by the page: it appears above the line being typed, which stays
 * whole with the cursor where it was, at the top, the middle or the bottom of the screen, and for a long message.
 */
import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { NOTICE_PREFIX, noticeRows, noticeSequence, type CursorPlace } from '../../src/client/workshop-terminal-line.ts';

const COLS = 40;
const ROWS = 6;

async function terminal(initial: string) {
  const t = new headless.Terminal({ cols: COLS, rows: ROWS, scrollback: 100, allowProposedApi: true });
  const write = (data: string) => new Promise<void>((r) => t.write(data, r));
  await write(initial);
  const place = (): CursorPlace => {
    const b = t.buffer.active;
    let lineTop = b.cursorY;
    while (lineTop > 0 && b.getLine(b.baseY + lineTop)?.isWrapped) lineTop--;
    return { x: b.cursorX, y: b.cursorY, lineTop, cols: t.cols, rows: t.rows };
  };
  const visible = () => {
    const b = t.buffer.active;
    return Array.from({ length: ROWS }, (_, i) => (b.getLine(b.baseY + i)?.translateToString(true) ?? '').trimEnd());
  };
  const scrollback = () => {
    const b = t.buffer.active;
    return Array.from({ length: b.baseY }, (_, i) => (b.getLine(i)?.translateToString(true) ?? '').trimEnd());
  };
  return { t, write, place, visible, scrollback };
}

describe('a broadcast in the terminal', () => {
  it('goes above a half-typed command, and typing goes on where it was', async () => {
    const term = await terminal('one\r\n$ ls -l');
    await term.write(noticeSequence(term.place(), 'Break in 5'));
    await term.write('a');
    expect(term.visible()).toEqual(['one', `${NOTICE_PREFIX}Break in 5`, '$ ls -la', '', '', '']);
  });

  it('scrolls the screen when the prompt is on the last row, keeping what scrolled off', async () => {
    const term = await terminal('r1\r\nr2\r\nr3\r\nr4\r\nr5\r\n$ ');
    expect(term.place().y).toBe(ROWS - 1);
    await term.write(noticeSequence(term.place(), 'hello'));
    await term.write('pwd');
    expect(term.visible()).toEqual(['r2', 'r3', 'r4', 'r5', `${NOTICE_PREFIX}hello`, '$ pwd']);
    expect(term.scrollback()).toEqual(['r1']);
  });

  it('keeps a command that wraps over two rows together, under the notice', async () => {
    const long = `$ echo ${'x'.repeat(COLS)}`;
    const term = await terminal(`top\r\n${long}`);
    expect(term.place().lineTop).toBe(1);
    await term.write(noticeSequence(term.place(), 'hi'));
    await term.write('!');
    const screen = term.visible();
    expect(screen.slice(0, 2)).toEqual(['top', `${NOTICE_PREFIX}hi`]);
    expect(screen[2]! + screen[3]!).toBe(`${long}!`);
  });

  it('wraps a long message over rows, and cuts one taller than the screen', async () => {
    const text = 'y'.repeat(60);
    const rows = noticeRows(text, COLS, 5);
    expect(rows.join('')).toBe(`${NOTICE_PREFIX}${text}`);
    expect(rows.every((r) => r.length <= COLS)).toBe(true);
    const cut = noticeRows('z'.repeat(500), COLS, 3);
    expect(cut).toHaveLength(3);
    expect(cut[2]!.endsWith('…')).toBe(true);

    const term = await terminal('$ ');
    await term.write(noticeSequence(term.place(), text));
    await term.write('ok');
    const screen = term.visible();
    expect(screen.slice(0, rows.length)).toEqual(rows);
    expect(screen[rows.length]).toBe('$ ok');
  });

  it('shows control characters in a message as spaces, never as escapes', () => {
    expect(noticeRows('a\x1b[2Jb\nc', 80, 5)).toEqual([`${NOTICE_PREFIX}a [2Jb c`]);
  });

  it('keeps the shell’s colours for what is typed next', async () => {
    const term = await terminal('\x1b[32m$ ');
    await term.write(noticeSequence(term.place(), 'x'));
    await term.write('g');
    const b = term.t.buffer.active;
    const cell = b.getLine(b.baseY + 1)!.getCell(2)!;
    expect(cell.getChars()).toBe('g');
    expect(cell.getFgColor()).toBe(2);
  });
});
