/**
 * Lesson CI inside `npm test`: every lesson of the test build (the real course and the fixture lessons) in a fresh
 * sandbox — setup, check fails, each cheat leaves it failing, solve, check passes — with the same code as
 * `npm run test:lessons`. A lesson CI that can fail is tested too: with the cases of tests/fixtures/ci-cases.
 */
import { afterAll, expect, it } from 'vitest';
import { formatCiTable } from '../../server/checks/ci-table.ts';
import { runLessonCi, type LessonCiDeps } from '../../server/checks/lesson-ci.ts';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { readManifest } from '../../server/manifest-file.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { loadConfig } from '../../server/config/load.ts';
import { imageTag } from '../../server/sandbox/images.ts';
import { profileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { removeTestContainers, TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { TEST_SITE_DIR } from '../helpers/site.ts';

const runtime = new DockerRuntime();
const instance = `ci${process.pid}`;
const deps = (manifest: LessonManifest = readManifest(TEST_SITE_DIR)): LessonCiDeps => ({
  runtime,
  manifest,
  contentRoot: '.',
  // The server's own catalog with its defaults; CI opts into the docker profile on elevated runc (docs/operators.md
  // says what that risks). Images were built by the global setup.
  profiles: profileCatalog(loadConfig({ BOXLAB_DOCKER_ELEVATED: 'true' }), imageTag).profiles,
  instance,
  extraLabels: { [TEST_LABEL]: '1', [TEST_RUN_LABEL]: testRunId() },
  // A vm lesson's solution boots a guest under emulation: seconds on a quiet machine, much more on a busy one.
  timeoutMs: 120_000,
});

afterAll(async () => {
  await removeTestContainers(runtime, { instance });
});

it('proves every exercise of every lesson: check fails, every cheat leaves it failing, solve, check passes', async () => {
  const d = deps();
  const started = Date.now();
  const results = await runLessonCi(d);
  console.log(`${formatCiTable(results)}\nlesson CI took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(results.map((r) => r.lesson)).toEqual(d.manifest.lessons.map((l) => l.id));
  const exercises = results.flatMap((r) => r.exercises.map((e) => ({ lesson: r.lesson, ...e })));
  expect(exercises.length).toBe(d.manifest.lessons.reduce((n, l) => n + l.exercises.length, 0));
  expect(results.filter((r) => r.status === 'fail').map((r) => [r.lesson, r.problems, r.exercises.flatMap((e) => e.problems)])).toEqual([]);
  // Every exercise was tried with at least one cheat (none is skipped: these sandboxes are runc).
  expect(exercises.filter((e) => e.cheats.length === 0).map((e) => `${e.lesson}/${e.exercise}`)).toEqual([]);
  expect(results.find((r) => r.profile === 'docker')?.runtime).toBe('runc, elevated');
  // CI sandboxes are removed when their lesson is done.
  expect(await runtime.list({ 'boxlab.instance': instance })).toEqual([]);
}, 900_000);

const CASES = 'tests/fixtures/ci-cases';
const casesManifest = (lessons: LessonManifest['lessons']): LessonManifest => ({ version: 1, lessons });

it('fails a check that passes early, a solution that does not solve, an exercise without cheats, a cheat that gets through', async () => {
  const results = await runLessonCi(
    deps(
      casesManifest([
        {
          id: 'cases/bad-exercises',
          title: 'Bad exercises',
          profile: 'shell',
          dir: CASES,
          exercises: [
            { id: 'hello-file', title: 'fine', check: 'checks/hello-file.sh', solve: 'solution/hello-file.sh' },
            { id: 'always-passes', title: 'x', check: 'checks/pass.sh', solve: 'solution/noop.sh' },
            { id: 'never-solved', title: 'y', check: 'checks/fail.sh', solve: 'solution/noop.sh' },
            { id: 'cheat-gets-through', title: 'z', check: 'checks/bye-file.sh', solve: 'solution/bye-file.sh' },
          ],
        },
      ]),
    ),
  );
  const table = formatCiTable(results);
  const [lesson] = results;
  expect(lesson!.exercises.map((e) => [e.exercise, e.status])).toEqual([
    ['hello-file', 'pass'],
    ['always-passes', 'fail'],
    ['never-solved', 'fail'],
    ['cheat-gets-through', 'fail'],
  ]);
  expect(lesson!.exercises[0]!.cheats).toMatchObject([{ cheat: 'cheats/hello-file/touch.sh', ok: true }]);
  expect(table).toMatch(/always-passes: check passes before the solution ran/);
  expect(table).toMatch(/never-solved: no cheats: add cheats\/never-solved\/<name>\.sh/);
  expect(table).toMatch(/never-solved: check after solving: failed: not yet/);
  expect(table).toMatch(/cheat-gets-through: cheats\/cheat-gets-through\/1-echo\.sh: the check PASSES after this cheat: bye\.txt says bye\./);
  expect(table).toMatch(/cheat-gets-through: cheats\/cheat-gets-through\/2-broken\.sh: the cheat itself exited 3/);
  expect(table).toMatch(/cases\/bad-exercises: cheats\/typo\/ belongs to no exercise of this lesson/);
  expect(table).toMatch(/^cases\/bad-exercises\s+shell\s+runc\s+hello-file\s+PASS\s+1\/1/m);
  expect(table).toMatch(/1 of 4 exercises in 1 lesson proven, 1 of 3 cheats refused; 3 FAILED$/);
}, 120_000);

it('says that a sandbox stopped under a script and why, and skips a lesson made for another runtime', async () => {
  const results = await runLessonCi(
    deps(
      casesManifest([
        {
          id: 'cases/stops',
          title: 'Setup ends its sandbox',
          profile: 'shell',
          dir: `${CASES}/stops`,
          setup: 'setup.sh',
          exercises: [{ id: 'never-reached', title: 'x', check: 'checks/fail.sh', solve: 'solution/noop.sh' }],
        },
        {
          id: 'cases/elsewhere',
          title: 'Only under another runtime',
          profile: 'shell',
          runtimes: ['no-such-runtime'],
          dir: CASES,
          exercises: [{ id: 'hello-file', title: 'x', check: 'checks/hello-file.sh', solve: 'solution/hello-file.sh' }],
        },
      ]),
    ),
  );
  const table = formatCiTable(results);
  const [stops, elsewhere] = results;
  expect(stops!.status).toBe('fail');
  expect(stops!.problems.join('\n')).toMatch(/the sandbox stopped while setup ran: its first process, the keep-alive that holds it open, ended \(exit 143 \(SIGTERM\)\)/);
  expect(table).toMatch(/pkill -x sleep/);
  expect(stops!.exercises[0]!.problems).toEqual(['not run: the sandbox stopped under setup']);
  expect(elsewhere!.status).toBe('skip');
  expect(table).toMatch(/^cases\/elsewhere\s+shell\s+runc\s+hello-file\s+SKIP/m);
  expect(table).toMatch(/Skipped:\n {2}cases\/elsewhere: skipped: the lesson declares runtimes: no-such-runtime, and shell sandboxes run under runc here/);
}, 120_000);
