/**
 * Unframing an exec's output for take-home downloads: frames split anywhere across reads, stderr kept apart, and the
 * engine's stream paused while the reader is behind (what dockerode's demuxStream does not do).
 */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { demuxWithBackpressure } from '../../server/sandbox/docker/archive-read.ts';

const frame = (stream: 1 | 2, payload: Buffer) => {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

it('passes stdout on and stderr aside, whatever the reads cut', () => {
  const wire = Buffer.concat([frame(1, Buffer.from('hello ')), frame(2, Buffer.from('warning')), frame(1, Buffer.from('world'))]);
  for (const cut of [1, 3, 7, 8, 9, 100]) {
    const raw = new PassThrough();
    const out = new PassThrough();
    const errs: Buffer[] = [];
    demuxWithBackpressure(raw, out, (c) => errs.push(c));
    for (let i = 0; i < wire.length; i += cut) raw.write(wire.subarray(i, i + cut));
    expect(String(out.read())).toBe('hello world');
    expect(Buffer.concat(errs).toString()).toBe('warning');
  }
});

it('pauses the engine\'s stream while the reader is behind, and resumes when it drains', async () => {
  const raw = new PassThrough();
  const out = new PassThrough({ highWaterMark: 1024 });
  demuxWithBackpressure(raw, out, () => undefined);
  raw.write(frame(1, Buffer.alloc(4096, 1)));
  await new Promise((r) => setImmediate(r));
  expect(raw.isPaused()).toBe(true);
  let read = 0;
  out.on('data', (c: Buffer) => (read += c.length));
  await new Promise((r) => setImmediate(r));
  expect(read).toBe(4096);
  expect(raw.isPaused()).toBe(false);
});
