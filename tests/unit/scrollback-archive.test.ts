import { describe, expect, it } from 'vitest';
import { ScrollbackArchive, splitForScroll } from '../../server/terminal/scrollback-archive.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));

const joined = (a: ScrollbackArchive) => text(a.pieces()).join('');

describe('ScrollbackArchive', () => {
  it('keeps the newest lines within its line and byte limits', () => {
    const a = new ScrollbackArchive({ lines: 10, bytes: 1000 });
    for (let i = 0; i < 5; i++) a.push(`a${i}\r\nb${i}\r\nc${i}`, 3);
    expect(a.lines).toBeGreaterThanOrEqual(10);
    expect(a.lines).toBeLessThanOrEqual(10 + 3);
    expect(joined(a)).toMatch(/^a1\r\n/);
    expect(joined(a).endsWith('c4\x1b[0m\r\n')).toBe(true);
    const small = new ScrollbackArchive({ lines: 100, bytes: 10 });
    small.push('x'.repeat(8), 1);
    small.push('y'.repeat(8), 1);
    expect(joined(small)).toBe('yyyyyyyy\x1b[0m\r\n');
  });

  it('is empty text when empty', () => {
    expect(joined(new ScrollbackArchive({ lines: 1, bytes: 1 }))).toBe('');
  });
});

describe('splitForScroll', () => {
  it('leaves small chunks whole', () => {
    const c = bytes('a\nb\n');
    expect(splitForScroll(c, 10, 80)).toEqual([c]);
  });

  it('cuts after every maxRows new lines, losing nothing', () => {
    const input = Array.from({ length: 25 }, (_, i) => `${i}\n`).join('');
    const pieces = splitForScroll(bytes(input), 10, 80);
    expect(pieces.length).toBe(3);
    expect(text(pieces).join('')).toBe(input);
    expect(text(pieces)[0]!.split('\n').length - 1).toBe(10);
  });

  it('cuts long unbroken output by the rows it wraps into', () => {
    const pieces = splitForScroll(bytes('x'.repeat(1000)), 5, 20);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(1000);
  });
});
