import { describe, expect, it } from 'vitest';
import { AgentFrame, helloEnd, inputFrames, MAX_HELLO_BYTES, parseHello, redrawFrame, resizeFrame } from '../../server/contracts/agent-protocol.ts';

describe('agent hello', () => {
  it('reads the terminal id and pid of a well-formed hello', () => {
    expect(parseHello('BOXLAB-AGENT 1 main 42')).toEqual({ terminal: 'main', pid: 42 });
  });

  it('refuses other versions, bad ids and anything else, with a reason', () => {
    expect(parseHello('BOXLAB-AGENT 2 main 42')).toHaveProperty('error', expect.stringMatching(/protocol 2/));
    expect(parseHello('BOXLAB-AGENT 1 ../etc 42')).toHaveProperty('error');
    expect(parseHello('BOXLAB-AGENT 1 MAIN 42')).toHaveProperty('error');
    expect(parseHello('GET / HTTP/1.1')).toHaveProperty('error');
    expect(parseHello('')).toHaveProperty('error');
  });

  it('finds where the hello ends, and gives up on one too long to be an agent’s', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(helloEnd(enc('BOXLAB-AGENT 1 main 4'))).toBe(-1);
    expect(helloEnd(enc('BOXLAB-AGENT 1 main 4\nOUTPUT'))).toBe(21);
    expect(helloEnd(enc('x'.repeat(MAX_HELLO_BYTES + 1)))).toBe('too long');
    expect(helloEnd(enc('x'.repeat(MAX_HELLO_BYTES + 1) + '\n'))).toBe('too long');
  });
});

describe('frames to the agent', () => {
  /** Decode frames the way the agent does. */
  function decode(buf: Uint8Array): { type: number; payload: number[] }[] {
    const out = [];
    for (let at = 0; at < buf.length; ) {
      const size = (buf[at + 1]! << 8) | buf[at + 2]!;
      out.push({ type: buf[at]!, payload: [...buf.subarray(at + 3, at + 3 + size)] });
      at += 3 + size;
    }
    return out;
  }

  it('carries keystrokes as one input frame', () => {
    expect(decode(inputFrames(new Uint8Array([3])))).toEqual([{ type: AgentFrame.input, payload: [3] }]);
  });

  it('splits a paste larger than a frame, losing nothing', () => {
    const paste = new Uint8Array(150_000).map((_, i) => i % 251);
    const frames = decode(inputFrames(paste));
    expect(frames.map((f) => f.payload.length)).toEqual([65535, 65535, 18930]);
    expect(frames.every((f) => f.type === AgentFrame.input)).toBe(true);
    expect(Uint8Array.from(frames.flatMap((f) => f.payload))).toEqual(paste);
  });

  it('encodes a resize as cols then rows, and a redraw as an empty frame', () => {
    expect(decode(resizeFrame(120, 30))).toEqual([{ type: AgentFrame.resize, payload: [0, 120, 0, 30] }]);
    expect(decode(redrawFrame())).toEqual([{ type: AgentFrame.redraw, payload: [] }]);
  });
});
