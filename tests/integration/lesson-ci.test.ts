/**
 * Lesson CI inside `npm test`: every lesson of the test build (the real course and the fixture lessons)
 * in a fresh sandbox — setup, check fails, solve, check passes — with the same code as `npm run test:lessons`.
 * A lesson CI that can fail is tested too: a check that passes before its solution is reported.
 */
import { afterAll, expect, it } from 'vitest';
import { formatCiTable } from '../../server/checks/ci-table.ts';
import { runLessonCi, type LessonCiDeps } from '../../server/checks/lesson-ci.ts';
import { readManifest } from '../../server/manifest-file.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { imageTag } from '../../server/sandbox/images.ts';
import { dockerProfile, shellProfile, vmProfile } from '../../server/sandbox/profiles.ts';
import { removeTestContainers, TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { TEST_SITE_DIR } from '../helpers/site.ts';

const runtime = new DockerRuntime();
const instance = `ci${process.pid}`;
const deps = (manifest = readManifest(TEST_SITE_DIR)): LessonCiDeps => ({
  runtime,
  manifest,
  contentRoot: '.',
  // CI opts into the docker profile on elevated runc (docs/operators.md says what that risks).
  profiles: new Map([
    ['shell', { profile: shellProfile({ memoryMb: 256, cpus: 0.5, pids: 128 }), imageTag: imageTag('shell') }],
    ['vm', { profile: vmProfile({ memoryMb: 512, cpus: 1, pids: 128 }), imageTag: imageTag('vm') }],
    ['docker', { profile: dockerProfile({ memoryMb: 1536, cpus: 1, pids: 1024 }, { elevated: true, storageMb: 1024 }), imageTag: imageTag('docker') }],
  ]),
  instance,
  extraLabels: { [TEST_LABEL]: '1', [TEST_RUN_LABEL]: testRunId() },
  // A vm lesson's solution boots a guest under emulation: seconds on a quiet machine, much more on a busy one.
  timeoutMs: 120_000,
});

afterAll(async () => {
  await removeTestContainers(runtime, { instance });
});

it('proves every exercise of every lesson: check fails, solve, check passes', async () => {
  const d = deps();
  const started = Date.now();
  const results = await runLessonCi(d);
  console.log(`${formatCiTable(results)}\nlesson CI took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const withExercises = d.manifest.lessons.filter((l) => l.exercises.length > 0);
  expect(results.length).toBe(withExercises.reduce((n, l) => n + l.exercises.length, 0));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  // CI sandboxes are removed when their lesson is done.
  expect(await runtime.list({ 'boxlab.instance': instance })).toEqual([]);
}, 300_000);

it('fails an exercise whose check passes before its solution, or whose solution does not solve it', async () => {
  const manifest = {
    version: 1 as const,
    lessons: [
      {
        id: 'cases/bad-exercises',
        title: 'Bad exercises',
        profile: 'shell' as const,
        dir: 'tests/fixtures/check-cases',
        exercises: [
          { id: 'always-passes', title: 'x', check: 'checks/pass.sh', solve: 'checks/pass.sh' },
          { id: 'never-solved', title: 'y', check: 'checks/fail.sh', solve: 'checks/pass.sh' },
        ],
      },
    ],
  };
  const results = await runLessonCi(deps(manifest));
  const table = formatCiTable(results);
  expect(results.map((r) => [r.exercise, r.ok])).toEqual([
    ['always-passes', false],
    ['never-solved', false],
  ]);
  expect(table).toMatch(/always-passes: check passes before the solution ran/);
  expect(table).toMatch(/never-solved: check after solving: failed: not yet/);
  expect(table).toMatch(/2 FAILED/);
}, 120_000);
