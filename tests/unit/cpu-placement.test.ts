import { describe, expect, it } from 'vitest';
import { CpuPlacement, isCpusetRefused } from '../../server/sandbox/cpu-placement.ts';

describe('CPU placement', () => {
  it('spreads half-CPU sandboxes one CPU each, over the least loaded', () => {
    const p = new CpuPlacement(4);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => p.place(k, 0.5))).toEqual(['0', '1', '2', '3', '0']);
    expect(p.loads()).toEqual([1, 0.5, 0.5, 0.5]);
  });

  it('gives a sandbox as many CPUs as its limit needs, and none when it needs them all', () => {
    const p = new CpuPlacement(4);
    expect(p.place('one', 1)).toBe('0');
    expect(p.place('two', 1.5)).toBe('1,2');
    expect(p.loads()).toEqual([1, 0.75, 0.75, 0]);
    expect(p.place('all', 4)).toBeUndefined();
    expect(p.place('more', 6)).toBeUndefined();
    expect(p.loads()).toEqual([1, 0.75, 0.75, 0]);
  });

  it('frees a removed sandbox’s CPUs for the next one, once', () => {
    const p = new CpuPlacement(2);
    p.place('a', 0.5);
    p.place('b', 0.5);
    p.place('c', 0.5);
    p.release('b');
    p.release('b');
    expect(p.loads()).toEqual([1, 0]);
    expect(p.place('d', 0.5)).toBe('1');
  });

  it('placing a sandbox again moves it rather than counting it twice', () => {
    const p = new CpuPlacement(2);
    p.place('a', 1);
    p.place('a', 1);
    expect(p.loads()).toEqual([1, 0]);
  });

  it('refuses a host without CPUs, and tells the engine refusing a pin from other errors', () => {
    expect(() => new CpuPlacement(0)).toThrow(/positive integer/);
    expect(isCpusetRefused(new Error('(HTTP code 400) bad parameter - Requested CPUs are not available - requested 3, available: 0-1'))).toBe(true);
    expect(isCpusetRefused(new Error('failed to write "3" to "/sys/fs/cgroup/cpuset/docker/x/cpuset.cpus"'))).toBe(true);
    expect(isCpusetRefused(new Error('No such image: boxlab/shell:1'))).toBe(false);
  });
});

describe('CPU placement after a restart', () => {
  it('counts the sandboxes it adopts, so new ones go elsewhere', () => {
    const p = new CpuPlacement(2);
    p.adopt('old-1', '0', 0.5);
    p.adopt('old-2', '0', 0.5);
    expect(p.place('new', 0.5)).toBe('1');
    expect(p.loads()).toEqual([1, 0.5]);
    p.release('old-1');
    expect(p.loads()).toEqual([0.5, 0.5]);
  });

  it('ignores a cpuset this host does not have', () => {
    const p = new CpuPlacement(2);
    for (const bad of ['3', '0,7', '', 'x', '-1', '0-1']) p.adopt(`k${bad}`, bad, 1);
    expect(p.loads()).toEqual([0, 0]);
  });
});
