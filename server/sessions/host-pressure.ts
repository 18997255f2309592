/**
 * Is the host too short of memory or disk to start another sandbox? Running sandboxes are never touched;
 * only new ones are refused, with a reason a person can read.
 */
import { readFile, statfs } from 'node:fs/promises';
import { freemem } from 'node:os';
import type { SandboxRuntime } from '../sandbox/runtime.ts';

export interface HostPressure {
  /** A sentence saying why no sandbox may start now, or undefined when one may. */
  reason(): Promise<string | undefined>;
}

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

export function hostPressure(runtime: SandboxRuntime, limits: { minFreeMemoryMb: number; minFreeDiskMb: number }): HostPressure {
  let dataRoot: Promise<string | undefined> | undefined;
  let cached: { at: number; value: string | undefined } | undefined;
  const measure = async (): Promise<string | undefined> => {
    const memory = await availableMemoryMb();
    if (memory < limits.minFreeMemoryMb) return `the server is short of memory (${Math.round(memory)} MiB free)`;
    dataRoot ??= runtime.dataRoot().catch(() => undefined);
    const root = await dataRoot;
    if (root && limits.minFreeDiskMb > 0) {
      // The engine may run elsewhere (remote DOCKER_HOST); then its disk is not ours to measure.
      const fs = await statfs(root).catch(() => undefined);
      const freeMb = fs ? (fs.bavail * fs.bsize) / 1024 / 1024 : Infinity;
      if (freeMb < limits.minFreeDiskMb) return `the server is short of disk space (${Math.round(freeMb)} MiB free)`;
    }
    return undefined;
  };
  return {
    async reason() {
      const now = Date.now();
      if (!cached || now - cached.at > 2000) cached = { at: now, value: await measure() };
      return cached.value;
    },
  };
}
