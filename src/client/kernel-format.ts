/** The kernel panel's figures as a person reads them ("12.3 MiB of 256 MiB"). Pure. */
import type { KernelFigures } from './kernel-events.ts';

export function mib(bytes: number): string {
  const m = bytes / 1024 / 1024;
  return `${m < 100 ? m.toFixed(1) : Math.round(m)} MiB`;
}

const cpus = (n: number): string => `${n.toFixed(2)} CPU${n === 1 ? '' : 's'}`;

export interface Gauge {
  /** The meter's value and maximum; max undefined: no limit (no meter). */
  value: number;
  max: number | undefined;
  text: string;
}

const share = (value: number, max: number) => ` (${Math.round((value / max) * 100)} %)`;

export function memoryGauge(f: KernelFigures): Gauge {
  const { current, max } = f.memory;
  return { value: current, max, text: max === undefined ? `${mib(current)}, no limit` : `${mib(current)} of ${mib(max)}${share(current, max)}` };
}

export function cpuGauge(f: KernelFigures): Gauge {
  const { used, quota, throttled } = f.cpu;
  const shown = used ?? 0;
  const of = quota > 0 ? ` of ${cpus(quota)}${used === undefined ? '' : share(shown, quota)}` : ', no quota';
  const text = `${used === undefined ? 'measuring…' : cpus(shown)}${of}${throttled > 0 ? `; throttled in ${throttled} periods so far` : ''}`;
  return { value: Math.min(shown, quota || shown), max: quota > 0 ? quota : undefined, text };
}

export function pidsGauge(f: KernelFigures): Gauge {
  const { current, max } = f.pids;
  return { value: current, max, text: max === undefined ? `${current}, no limit` : `${current} of ${max}` };
}
