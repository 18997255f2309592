/**
 * The host's memory as a benchmark watches it: MemAvailable now, and a sampler that keeps the lowest MemAvailable
 * and the highest server RSS seen while something runs.
 */
import { readFileSync } from 'node:fs';

const meminfo = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? NaN) / 1024;

/** MiB the host can still give (MemAvailable). */
export const memAvailableMb = (): number => meminfo('MemAvailable');
export const memTotalMb = (): number => meminfo('MemTotal');

export interface MemoryWatch {
  lowestAvailableMb: number;
  peakRssMb: number;
  stop(): void;
}

/** Sample every `everyMs` until stopped; `rss` is the server's resident memory in bytes. */
export function watchMemory(rss: () => number, everyMs = 250): MemoryWatch {
  const watch: MemoryWatch = {
    lowestAvailableMb: memAvailableMb(),
    peakRssMb: rss() / 1024 / 1024,
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    watch.lowestAvailableMb = Math.min(watch.lowestAvailableMb, memAvailableMb());
    watch.peakRssMb = Math.max(watch.peakRssMb, rss() / 1024 / 1024);
  }, everyMs);
  return watch;
}
