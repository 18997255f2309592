/**
 * Boxlab for the benchmark, in a child process (see child.ts). Requests: `memory` → memory after a full
 * GC; `quiet` → answered once no client is attached and every mirror has parsed all the output; `settled` →
 * once the warm pool is full again.
 */
import { startBoxlab } from '../tests/helpers/boxlab.ts';
import { serveParent } from './child.ts';
import { settledMemory } from './stats.ts';

const [instance, env] = process.argv.slice(2);
const box = await startBoxlab(JSON.parse(env ?? '{}') as Record<string, string>, instance);

serveParent(box.baseUrl, {
  memory: () => settledMemory(),
  /** Memory as it is, without collecting garbage first. */
  usage: () => process.memoryUsage(),
  async quiet() {
    for (;;) {
      const sessions = await box.boxlab.registry.all();
      if (sessions.every((s) => s.stats().clients === 0 && s.stats().mirrorLag === 0)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  /** Answered once the warm pool is full: a server that is still making containers is not at rest. */
  async settled() {
    while (box.boxlab.manager.pooled('shell').length < box.config.pool.shell) await new Promise((r) => setTimeout(r, 50));
  },
  // Its sandboxes, volumes and agent directories go with it (the benchmark removes the containers too, on Ctrl-C).
  close: () => box.destroy(),
});
