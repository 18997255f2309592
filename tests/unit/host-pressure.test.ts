import { describe, expect, it } from 'vitest';
import { hostPressure, pressureReason, type DiskSpace, type HostProbes } from '../../server/sessions/host-pressure.ts';

const LIMITS = { minFreeMemoryMb: 256, minFreeDiskMb: 1024 };
const disks = (engine: number, data: number): DiskSpace[] => [
  { what: "the engine's data", path: '/var/lib/docker', freeMb: engine },
  { what: "Boxlab's data dir", path: '/var/lib/boxlab', freeMb: data },
];

/** A host whose memory and disks the test sets, counting how often it is asked. */
function fakeHost(memoryMb: number, space: DiskSpace[]) {
  const host = { memoryMb, space, asked: 0 };
  const probes: HostProbes = {
    memoryMb: async () => (host.asked++, host.memoryMb),
    disks: async () => host.space,
  };
  return { host, probes };
}

describe('host pressure', () => {
  it('says which resource is short, by how much, and what is needed', () => {
    expect(pressureReason(4096, disks(50_000, 50_000), LIMITS)).toBeUndefined();
    expect(pressureReason(100, disks(50_000, 50_000), LIMITS)).toBe('the server is short of memory (100 MiB free, 256 MiB needed)');
    expect(pressureReason(4096, disks(300.4, 50_000), LIMITS)).toBe("the server is short of disk space (300 MiB free for the engine's data, 1024 MiB needed)");
    expect(pressureReason(4096, disks(50_000, 12), LIMITS)).toBe("the server is short of disk space (12 MiB free for Boxlab's data dir, 1024 MiB needed)");
    // BOXLAB_MIN_FREE_DISK_MB=0: disk is not looked at.
    expect(pressureReason(4096, disks(0, 0), { ...LIMITS, minFreeDiskMb: 0 })).toBeUndefined();
  });

  it('asks the host once per 2 s, however many learners arrive, and sees a change after', async () => {
    let now = 0;
    const { host, probes } = fakeHost(4096, disks(50_000, 50_000));
    const pressure = hostPressure(probes, LIMITS, () => now);
    expect(await Promise.all(Array.from({ length: 30 }, () => pressure.reason()))).toEqual(Array(30).fill(undefined));
    expect(host.asked).toBe(1);
    host.space = disks(50_000, 10);
    now = 1000;
    expect(await pressure.reason()).toBeUndefined();
    now = 2500;
    expect(await pressure.reason()).toMatch(/short of disk space \(10 MiB free for Boxlab's data dir/);
    host.space = disks(50_000, 50_000);
    host.memoryMb = 64;
    now = 5000;
    expect(await pressure.reason()).toMatch(/short of memory \(64 MiB free/);
    expect(host.asked).toBe(3);
  });
});
