/**
 * Is the host too short of memory or disk to start another sandbox? Running sandboxes are never touched;
 * only new ones are refused, with a reason a person can read. What the host has left is asked of `HostProbes`
 * (`hostProbes()` reads this host; tests give fakes), and the answer is kept 2 s, so a class arriving at once
 * reads /proc and statfs once, not once per learner.
 */
import { readFile, statfs } from 'node:fs/promises';
import { freemem } from 'node:os';
import type { SandboxRuntime } from '../sandbox/runtime.ts';

export interface HostPressure {
  /** A sentence saying why no sandbox may start now, or undefined when one may. */
  reason(): Promise<string | undefined>;
}

export interface DiskSpace {
  /** What is stored there, for the sentence: "the engine's data", "Boxlab's data dir". */
  what: string;
  path: string;
  freeMb: number;
}

/** What the host has left. */
export interface HostProbes {
  /** Memory the host can still give without swapping, MiB. */
  memoryMb(): Promise<number>;
  /** Free space where sandboxes and the server write; a place that cannot be measured is left out. */
  disks(): Promise<DiskSpace[]>;
}

export interface PressureLimits {
  minFreeMemoryMb: number;
  /** 0: disk space is not looked at. */
  minFreeDiskMb: number;
}

const KEEP_MS = 2000;

export async function availableMemoryMb(): Promise<number> {
  try {
    const meminfo = await readFile('/proc/meminfo', 'utf8');
    const kb = /^MemAvailable:\s+(\d+) kB/m.exec(meminfo)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // Not Linux: fall back to what Node sees.
  }
  return freemem() / 1024 / 1024;
}

async function freeMb(path: string): Promise<number | undefined> {
  const fs = await statfs(path).catch(() => undefined);
  return fs ? (fs.bavail * fs.bsize) / 1024 / 1024 : undefined;
}

/** This host: /proc/meminfo, the engine's data root (sandboxes' writable layers) and Boxlab's data dir (the store). */
export function hostProbes(runtime: Pick<SandboxRuntime, 'dataRoot'>, dataDir: string): HostProbes {
  let dataRoot: Promise<string | undefined> | undefined;
  return {
    memoryMb: availableMemoryMb,
    async disks() {
      dataRoot ??= runtime.dataRoot().catch(() => undefined);
      // The engine may run elsewhere (remote DOCKER_HOST); then its disk is not ours to measure.
      const root = await dataRoot;
      const places = [...(root ? [{ what: "the engine's data", path: root }] : []), { what: "Boxlab's data dir", path: dataDir }];
      const measured = await Promise.all(places.map(async (p) => ({ ...p, freeMb: await freeMb(p.path) })));
      return measured.filter((p): p is DiskSpace => p.freeMb !== undefined);
    },
  };
}

/** The sentence for what the probes found, or undefined when a sandbox may start. Pure. */
export function pressureReason(memoryMb: number, disks: readonly DiskSpace[], limits: PressureLimits): string | undefined {
  if (memoryMb < limits.minFreeMemoryMb) return `the server is short of memory (${Math.round(memoryMb)} MiB free, ${limits.minFreeMemoryMb} MiB needed)`;
  if (limits.minFreeDiskMb <= 0) return undefined;
  const short = disks.find((d) => d.freeMb < limits.minFreeDiskMb);
  if (short) return `the server is short of disk space (${Math.round(short.freeMb)} MiB free for ${short.what}, ${limits.minFreeDiskMb} MiB needed)`;
  return undefined;
}

export function hostPressure(probes: HostProbes, limits: PressureLimits, now: () => number = Date.now): HostPressure {
  let cached: { at: number; value: Promise<string | undefined> } | undefined;
  const measure = async () => pressureReason(await probes.memoryMb(), limits.minFreeDiskMb > 0 ? await probes.disks() : [], limits);
  return {
    reason() {
      const at = now();
      // Concurrent callers share one measurement.
      if (!cached || at - cached.at > KEEP_MS) cached = { at, value: measure() };
      return cached.value;
    },
  };
}
