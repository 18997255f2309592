import { expect, it } from 'vitest';
import { GcPacer } from '../../server/terminal/gc-pacer.ts';

it('asks for one scavenge per `everyBytes` of output, however it is chunked', () => {
  const calls: string[] = [];
  const pacer = new GcPacer(1000, (o) => calls.push(o.type));
  for (let i = 0; i < 99; i++) pacer.add(30);
  expect(calls).toEqual(['minor', 'minor']);
  pacer.add(5000);
  expect(calls).toHaveLength(3);
});

it('does nothing when node was started without --expose-gc', () => {
  const pacer = new GcPacer(10, undefined);
  expect(() => pacer.add(100)).not.toThrow();
});
