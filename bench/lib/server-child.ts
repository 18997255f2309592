/**
 * Inside a benchmark's Boxlab process (started by server-process.ts): Boxlab itself, answering the
 * benchmark's requests. `memory` → memory after V8's most thorough collection; `usage` → memory as it is;
 * `quiet` → answered once no client is attached and every mirror has parsed all the output; `settled` → once
 * the warm pool is full again; `close` → stop, and remove its sandboxes.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { startBoxlab } from '../../tests/helpers/boxlab.ts';
import { serveParent } from './child.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'major'; flavor: 'last-resort' }) => void;

/**
 * Memory after V8's most thorough collection: what is really held, in bytes. Plain full GCs (ten in a row, in a
 * probe) leave ~4.3 MB from the server's start-up: 3.7 MB in large-object space, the size of node's TypeScript
 * stripper's source, and 0.6 MB of bytecode. V8 frees it by itself at some later collection; when that fell between
 * two readings (7 of 22 benchmark runs) the idle-terminal figure read −9 KB instead of ~210. The last-resort
 * flavour (what V8 runs under memory pressure) frees it every time, so every reading starts from the same state.
 */
function settledMemory(): { js: number; rss: number } {
  gc();
  gc({ type: 'major', flavor: 'last-resort' });
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external, rss: m.rss };
}

const [instance, env] = process.argv.slice(2);
const box = await startBoxlab(JSON.parse(env ?? '{}') as Record<string, string>, instance);

serveParent(box.baseUrl, {
  memory: () => settledMemory(),
  usage: () => process.memoryUsage(),
  async quiet() {
    for (;;) {
      const sessions = await box.boxlab.registry.all();
      if (sessions.every((s) => s.stats().clients === 0 && s.stats().mirrorLag === 0)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  /** A server that is still making containers is not at rest. */
  async settled() {
    while (box.boxlab.manager.pooled('shell').length < box.config.pool.shell) await new Promise((r) => setTimeout(r, 50));
  },
  // Its sandboxes, volumes and agent directories go with it.
  close: () => box.destroy(),
});
