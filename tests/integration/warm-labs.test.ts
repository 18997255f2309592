/**
 * A warm lab against the real engine (server/sessions/warm-pool.ts, lab-acquire.ts): BOXLAB_POOL_LABS keeps a 3-node
 * docker lab ready, each node made on the lab's own network under its name; a learner's terminal gets that very lab
 * (no container made, no network made or joined on the way), its nodes reach each other by name, the containers take
 * their claimed names in the background, and removing the lab removes its network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { networksLabelled } from '../helpers/engine.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const NODES = ['manager', 'worker1', 'worker2'];
const SHAPE = { profile: 'docker', nodes: NODES };
const LAB_LESSON: LessonManifest = {
  version: 1,
  lessons: [{ id: 'test/lab', title: 'lab', profile: 'docker', network: 'none', nodes: NODES, dir: 'tests/fixtures', exercises: [] }],
};
// BOXLAB_MAX_PER_LEARNER unset: the default is raised to the lab's three machines.
const ENV = { BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0', BOXLAB_POOL_LABS: 'test/lab=1' };

describe('a warm 3-node lab', () => {
  const instance = `warmlab${Date.now().toString(36)}`;
  let box: RunningBoxlab;
  let terminal: TestTerminal | undefined;

  beforeAll(async () => {
    box = await startBoxlab(ENV, instance, LAB_LESSON);
    await eventually(() => box.boxlab.manager.warmLabs(SHAPE) === 1, 'a warm lab', 180_000, 250);
  }, 240_000);

  afterAll(async () => {
    await terminal?.close();
    await box?.destroy();
  });

  it('is claimed whole by the first terminal, nodes on their own network by name, and removed with its network', async () => {
    const ready = new Set((await box.containers()).map((c) => c.id));
    expect(ready.size).toBe(3);
    const networks = await networksLabelled(`boxlab.instance=${instance}`);
    expect(networks).toHaveLength(1);
    const health = (await (await fetch(`${box.baseUrl}/healthz`)).json()) as { warmLabs: Record<string, number> };
    expect(health.warmLabs).toEqual({ 'docker:manager,worker1,worker2': 1 });

    const cookie = await newLearnerCookie(box.baseUrl);
    const started = performance.now();
    terminal = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: 'test/lab', node: 'worker1' });
    await terminal.waitForPrompt(60_000);
    const ttfp = performance.now() - started;
    // No refill: what the engine holds from here on is the claimed lab alone.
    await box.boxlab.manager.setLabPoolTarget(SHAPE, 'config', 0);
    await box.boxlab.manager.poolSettled();
    const lab = box.boxlab.manager.list();
    expect(new Set(lab.map((s) => s.id))).toEqual(ready);
    expect(lab.map((s) => s.node).sort()).toEqual([...NODES].sort());
    expect(lab.every((s) => s.labNetwork === networks[0])).toBe(true);
    console.log(`warm lab: first prompt in ${Math.round(ttfp)} ms`);

    const worker1 = lab.find((s) => s.node === 'worker1')!;
    const reach = await box.runtime.exec(worker1.id, { cmd: ['bash', '-c', 'getent hosts manager worker2 | wc -l'], user: 'learner', timeoutMs: 20_000 });
    expect(reach.output.trim()).toBe('2');
    // The claims were recorded; the renames follow in the background.
    await box.boxlab.manager.namesSettled();
    for (const s of lab) expect((await box.runtime.inspect(s.id))?.name).toBe(s.name);

    await terminal.close();
    terminal = undefined;
    await box.boxlab.manager.remove(worker1, 'test');
    expect(await box.containers()).toEqual([]);
    expect(await networksLabelled(`boxlab.instance=${instance}`)).toEqual([]);
  }, 180_000);
});
