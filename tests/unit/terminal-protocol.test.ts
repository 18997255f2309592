import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW } from '../../server/terminal/flow-control.ts';
import {
  ACK_DELAY_MS,
  ACK_EVERY_BYTES,
  ACK_TRICKLE_BYTES,
  ACK_TRICKLE_MS,
  ackDelay,
  decodeClientControl,
  decodeServerControl,
  encodeControl,
  MAX_CONTROL_BYTES,
  PROTOCOL_VERSION,
  type ClientControl,
  type ServerControl,
} from '../../server/contracts/terminal-protocol.ts';

describe('terminal protocol', () => {
  it('round-trips every client message', () => {
    const messages: ClientControl[] = [
      { type: 'hello', v: PROTOCOL_VERSION, terminal: 'main', lesson: 'containers/intro', cols: 80, rows: 24, since: 10 },
      { type: 'resize', cols: 120, rows: 40 },
      { type: 'ack', position: 4096 },
      { type: 'ping', t: 1 },
    ];
    for (const m of messages) expect(decodeClientControl(encodeControl(m))).toEqual({ ok: true, value: m });
  });

  it('round-trips every server message', () => {
    const messages: ServerControl[] = [
      { type: 'status', state: 'starting', message: 'Starting…' },
      { type: 'attached', v: 1, terminal: 'main', sandbox: 'box', position: 0, continuous: true, screen: 0, readOnly: false },
      { type: 'exit', code: null },
      { type: 'error', code: 'bad_message', message: 'x' },
      { type: 'pong', t: 2 },
    ];
    for (const m of messages) expect(decodeServerControl(encodeControl(m))).toEqual({ ok: true, value: m });
  });

  it('names what is wrong with invalid messages', () => {
    expect(decodeClientControl('{')).toMatchObject({ ok: false, code: 'malformed' });
    expect(decodeClientControl('{"type":"nope"}')).toMatchObject({ ok: false, code: 'invalid' });
    const r = decodeClientControl('{"type":"resize","cols":0,"rows":10}');
    expect(r).toMatchObject({ ok: false, code: 'invalid' });
    expect(!r.ok && r.message).toMatch(/cols/);
    expect(decodeClientControl(JSON.stringify({ type: 'hello', v: 99, terminal: 'main', cols: 80, rows: 24 }))).toMatchObject({ ok: false });
    expect(decodeClientControl(JSON.stringify({ type: 'hello', v: 1, terminal: '../etc', cols: 80, rows: 24 }))).toMatchObject({ ok: false });
  });

  it('takes the common ack by its fast path, and every other form of it through the schema', () => {
    expect(decodeClientControl('{"type":"ack","position":4096}')).toEqual({ ok: true, value: { type: 'ack', position: 4096 } });
    expect(decodeClientControl('{ "type": "ack", "position": 7 }')).toEqual({ ok: true, value: { type: 'ack', position: 7 } });
    expect(decodeClientControl('{"type":"ack","position":99999999999999999}')).toMatchObject({ ok: false });
    expect(decodeClientControl('{"type":"ack","position":-1}')).toMatchObject({ ok: false });
    expect(decodeClientControl('{"type":"ack","position":1.5}')).toMatchObject({ ok: false });
  });

  it('refuses oversized control messages before parsing them', () => {
    const big = JSON.stringify({ type: 'ping', t: 1, pad: 'x'.repeat(MAX_CONTROL_BYTES) });
    expect(decodeClientControl(big)).toMatchObject({ ok: false, code: 'oversized' });
  });

  it('never throws on random input (fuzz)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '"type"', ':', '"hello"', '"resize"', '"ack"', ',', '1', '-1', 'null', '[', ']', '"v"', '"cols"', '1e309', '"\\u0000"'];
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const n = Math.floor(rand() * 20);
      for (let j = 0; j < n; j++) s += rand() < 0.7 ? pieces[Math.floor(rand() * pieces.length)] : String.fromCharCode(Math.floor(rand() * 256));
      const r = decodeClientControl(s);
      expect(typeof r.ok).toBe('boolean');
    }
  });
});

describe('acknowledgement pacing', () => {
  it('acknowledges a flood at once, output soon, and a trickle of echoes rarely', () => {
    expect(ackDelay(ACK_EVERY_BYTES)).toBe(0);
    expect(ackDelay(200 * 1024)).toBe(0);
    expect(ackDelay(ACK_TRICKLE_BYTES)).toBe(ACK_DELAY_MS);
    expect(ackDelay(1)).toBe(ACK_TRICKLE_MS);
  });

  it('never lets a trickle wait long enough to near the server’s watermark', () => {
    // At most ACK_TRICKLE_BYTES can sit for ACK_TRICKLE_MS before a faster rule applies.
    expect(ACK_TRICKLE_BYTES).toBeLessThan(DEFAULT_FLOW.low);
    expect(ACK_EVERY_BYTES).toBeLessThan(DEFAULT_FLOW.high);
  });
});
