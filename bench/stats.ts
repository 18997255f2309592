/** Small numeric helpers for the benchmarks. */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'major'; flavor: 'last-resort' }) => void;

/**
 * Memory after V8's most thorough collection: what is really held, in bytes. Plain full GCs (ten in a row, in a
 * probe) leave ~4.3 MB from the server's start-up: 3.7 MB in large-object space, the size of node's TypeScript
 * stripper's source, and 0.6 MB of bytecode. V8 frees it by itself at some later collection; when that fell between
 * two readings (7 of 22 benchmark runs) the idle-terminal figure read −9 KB instead of ~210. The last-resort
 * flavour (what V8 runs under memory pressure) frees it every time, so every reading starts from the same state.
 */
export function settledMemory(): { js: number; rss: number } {
  gc();
  gc({ type: 'major', flavor: 'last-resort' });
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external, rss: m.rss };
}

/** Run `fn` over `items`, at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

export function printTable(rows: [string, string, string][]): void {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}
