import { describe, expect, it } from 'vitest';
import type { SandboxInfo } from '../../server/sandbox/runtime.ts';
import { EngineWatch, STOPPED_REASON } from '../../server/sessions/engine-watch.ts';
import type { ClaimedSandbox, PooledSandbox } from '../../server/sessions/sandbox.ts';

type Held = ClaimedSandbox | PooledSandbox;
const sandbox = (id: string) => ({ id, name: `bx-${id}` }) as Held;

function setup(held: Held[]) {
  const engine = { up: true, containers: held.map((s) => ({ id: s.id, name: s.name, running: true, labels: {}, createdAt: 0 }) as SandboxInfo), calls: 0 };
  const books = [...held];
  const removed: string[] = [];
  const logs: string[] = [];
  let refills = 0;
  const watch = new EngineWatch({
    runtime: {
      list: async () => {
        engine.calls++;
        if (!engine.up) throw new Error('connect ENOENT /var/run/docker.sock');
        return engine.containers;
      },
    },
    instance: 'test',
    held: () => books,
    remove: async (s, reason) => {
      books.splice(books.indexOf(s), 1);
      removed.push(`${s.id}: ${reason}`);
    },
    refill: () => void refills++,
    intervalMs: 2000,
    log: { info: (_o, m) => void logs.push(m), warn: (_o, m) => void logs.push(m), error: (_o, m) => void logs.push(m) },
  });
  return { watch, engine, books, removed, logs, refills: () => refills };
}

describe('engine watch', () => {
  it('removes what stopped or vanished under the server, tells why, and refills the pool', async () => {
    const a = sandbox('a');
    const b = sandbox('b');
    const c = sandbox('c');
    const { watch, engine, removed, refills } = setup([a, b, c]);
    expect(await watch.check()).toBe(0);
    engine.containers = [{ ...engine.containers[0]!, running: false }, engine.containers[1]!];
    expect(await watch.check()).toBe(2);
    expect(removed).toEqual([`a: ${STOPPED_REASON}`, `c: ${STOPPED_REASON}`]);
    expect(refills()).toBe(1);
    expect(await watch.check()).toBe(0);
  });

  it('waits while the engine is away, says so once, and looks at once when it answers', async () => {
    const a = sandbox('a');
    const { watch, engine, removed, logs } = setup([a]);
    engine.up = false;
    await watch.check();
    await watch.check();
    expect(watch.away).toBe(true);
    expect(logs.filter((l) => /does not answer/.test(l))).toHaveLength(1);
    expect(removed).toEqual([]);
    engine.up = true;
    engine.containers = [];
    expect(await watch.check()).toBe(1);
    expect(watch.away).toBe(false);
    expect(logs.some((l) => /answers again/.test(l))).toBe(true);
  });

  it('asks the engine nothing while it holds no sandbox', async () => {
    const { watch, engine } = setup([]);
    await watch.check();
    expect(engine.calls).toBe(0);
  });
});
