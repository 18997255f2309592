/**
 * In a lab, scripts run on their node: a check on its exercise's node (the first by default), the setup on
 * `setupNode` only. Against a fake manager and the in-memory engine, which records where each script ran.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../server/checks/check-service.ts';
import type { ManifestLesson } from '../../server/checks/lesson-scripts.ts';
import { lessonSetupHook } from '../../server/checks/setup-hook.ts';
import { shellProfile } from '../../server/sandbox/profiles.ts';
import type { ClaimedSandbox } from '../../server/sessions/sandbox.ts';
import { MemoryRuntime } from '../fakes/memory-runtime.ts';

const NODES = ['manager', 'worker1', 'worker2'];

function lab() {
  const root = mkdtempSync(join(tmpdir(), 'boxlab-lab-scripts-'));
  mkdirSync(join(root, 'lesson'));
  for (const f of ['check.sh', 'solve.sh', 'setup.sh']) writeFileSync(join(root, 'lesson', f), 'true\n');
  const runtime = new MemoryRuntime();
  const sandboxes = new Map<string, ClaimedSandbox>();
  for (const node of NODES) {
    const id = runtime.seed({ name: `bx-t-${node}`, labels: {} });
    sandboxes.set(node, { id, node, lesson: 'course/lab', learner: 'l', profile: shellProfile({ memoryMb: 64, cpus: 0.1, pids: 16 }) } as ClaimedSandbox);
  }
  const lesson: ManifestLesson = {
    id: 'course/lab', title: 'lab', profile: 'shell', network: 'none', dir: 'lesson', nodes: NODES, setup: 'setup.sh', setupNode: 'worker2',
    exercises: [
      { id: 'on-first', title: 'x', check: 'check.sh', solve: 'solve.sh' },
      { id: 'on-worker1', title: 'x', check: 'check.sh', solve: 'solve.sh', node: 'worker1' },
    ],
  };
  const ranOn = () => runtime.calls.filter((c) => c.startsWith('exec ')).map((c) => [...sandboxes.values()].find((s) => c === `exec ${s.id}`)?.node);
  return { root, runtime, sandboxes, lesson, ranOn };
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('lab scripts', () => {
  it('runs a check on its exercise\'s node, and on the first node when it names none', async () => {
    const { root, runtime, sandboxes, lesson, ranOn } = lab();
    const asked: (string | undefined)[] = [];
    const manager = { find: (_l: string, _lesson: string, node?: string) => (asked.push(node), sandboxes.get(node ?? '')), touch: () => undefined };
    const store = { markPassed: () => undefined } as never;
    const deps = { runtime, manager, lessons: new Map([[lesson.id, lesson]]), contentRoot: root, timeoutMs: 5000, store, now: () => 0, log };
    expect((await checkExercise(deps, 'l', lesson.id, 'on-worker1')).passed).toBe(true);
    expect((await checkExercise(deps, 'l', lesson.id, 'on-first')).passed).toBe(true);
    expect(asked).toEqual(['worker1', 'manager']);
    expect(ranOn()).toEqual(['worker1', 'manager']);
  });

  it('runs the setup once, on setupNode, however many nodes are handed over', async () => {
    const { root, runtime, sandboxes, lesson, ranOn } = lab();
    const setup = lessonSetupHook({ runtime, lessons: new Map([[lesson.id, lesson]]), contentRoot: root, timeoutMs: 5000, log });
    for (const s of sandboxes.values()) await setup(s);
    expect(ranOn()).toEqual(['worker2']);
  });
});
