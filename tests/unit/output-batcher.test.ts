import { describe, expect, it } from 'vitest';
import { OutputBatcher } from '../../server/terminal/output-batcher.ts';

const setup = (maxBytes = 1000) => {
  const out: string[] = [];
  // A window far longer than any test: only the rules below can make it deliver.
  const b = new OutputBatcher((d) => out.push(d.toString()), 60_000, maxBytes);
  return { b, out };
};

describe('OutputBatcher', () => {
  it('passes the first output after a quiet spell on at once', () => {
    const { b, out } = setup();
    b.push(Buffer.from('prompt$ '));
    expect(out).toEqual(['prompt$ ']);
    b.dispose();
  });

  it('holds output that follows close behind, and passes it on as one frame', () => {
    const { b, out } = setup();
    b.push(Buffer.from('a'));
    b.push(Buffer.from('b'));
    b.push(Buffer.from('c'));
    expect(out).toEqual(['a']);
    b.flush();
    expect(out).toEqual(['a', 'bc']);
    b.dispose();
  });

  it('never holds the echo of what was typed', () => {
    const { b, out } = setup();
    b.push(Buffer.from('flood'));
    b.inputArrived();
    b.push(Buffer.from('x'));
    expect(out).toEqual(['flood', 'x']);
    b.dispose();
  });

  it('passes on at once when enough is held', () => {
    const { b, out } = setup(10);
    b.push(Buffer.from('start'));
    b.push(Buffer.from('12345'));
    b.push(Buffer.from('67890'));
    expect(out).toEqual(['start', '1234567890']);
    // Never more than the limit in one frame.
    b.push(Buffer.from('abcdefgh'));
    b.push(Buffer.from('ijkl'));
    expect(out).toEqual(['start', '1234567890', 'abcdefgh']);
    b.dispose();
  });
});
