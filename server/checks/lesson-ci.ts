/**
 * Lesson CI: prove every exercise works. For each lesson in the manifest, in a fresh sandbox of its
 * profile (the real runtime, the real profile spec): run setup; then for each exercise in order the check
 * must FAIL, the solve script must succeed, and the check must then PASS. A check that passes before its
 * solution, times out or is broken is a failure. Exercises of a lesson share one sandbox, as for a learner.
 */
import { randomBytes } from 'node:crypto';
import type { LessonManifest } from '../contracts/manifest.ts';
import { LABEL } from '../sandbox/labels.ts';
import { specFor, type SandboxProfile } from '../sandbox/profiles.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { interpretCheck } from './check-result.ts';
import { readLessonScript, type ManifestLesson } from './lesson-scripts.ts';
import { runScript, type ScriptTarget } from './script-runner.ts';

export interface LessonCiDeps {
  runtime: SandboxRuntime;
  manifest: LessonManifest;
  contentRoot: string;
  /** Profiles this machine can run, with their image tags. */
  profiles: Map<string, { profile: SandboxProfile; imageTag: string }>;
  /** Instance name the CI sandboxes are labelled with (never a serving instance's). */
  instance: string;
  extraLabels: Record<string, string>;
  timeoutMs: number;
}

export interface ExerciseCiResult {
  lesson: string;
  exercise: string;
  ok: boolean;
  /** What went wrong, for the table and the log. */
  problem?: string | undefined;
  setupMs: number;
  checkBeforeMs: number;
  solveMs: number;
  checkAfterMs: number;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 160);

async function exerciseCi(
  target: ScriptTarget,
  deps: LessonCiDeps,
  lesson: ManifestLesson,
  exercise: ManifestLesson['exercises'][number],
  setupMs: number,
): Promise<ExerciseCiResult> {
  const r: ExerciseCiResult = { lesson: lesson.id, exercise: exercise.id, ok: false, setupMs, checkBeforeMs: 0, solveMs: 0, checkAfterMs: 0 };
  const seconds = Math.round(deps.timeoutMs / 1000);
  const check = await readLessonScript(deps.contentRoot, lesson, exercise.check);
  const solve = await readLessonScript(deps.contentRoot, lesson, exercise.solve);

  const before = await runScript(target, check, deps.timeoutMs);
  r.checkBeforeMs = before.durationMs;
  const first = interpretCheck(before, seconds);
  if (first.status !== 'failed') {
    r.problem = first.passed ? 'check passes before the solution ran' : `check before solving: ${first.status}: ${oneLine(first.message)}`;
    return r;
  }
  const solved = await runScript(target, solve, deps.timeoutMs);
  r.solveMs = solved.durationMs;
  if (solved.exitCode !== 0) {
    r.problem = `solve script exited ${solved.timedOut ? 'by timeout' : solved.exitCode}: ${oneLine(solved.output)}`;
    return r;
  }
  const after = await runScript(target, check, deps.timeoutMs);
  r.checkAfterMs = after.durationMs;
  const second = interpretCheck(after, seconds);
  if (!second.passed) {
    r.problem = `check after solving: ${second.status}: ${oneLine(second.message)}`;
    return r;
  }
  r.ok = true;
  return r;
}

async function lessonCi(deps: LessonCiDeps, lesson: ManifestLesson): Promise<ExerciseCiResult[]> {
  const failAll = (problem: string, setupMs = 0) =>
    (lesson.exercises.length ? lesson.exercises : [{ id: '(setup)' }]).map((e) => ({
      lesson: lesson.id, exercise: e.id, ok: false, problem, setupMs, checkBeforeMs: 0, solveMs: 0, checkAfterMs: 0,
    }));
  const profile = deps.profiles.get(lesson.profile);
  if (!profile) return failAll(`profile "${lesson.profile}" is not available on this machine`);
  if (lesson.exercises.length === 0 && !lesson.setup) return [];

  const suffix = randomBytes(5).toString('hex');
  // Managed and of an instance no server serves: servers leave them alone, operators' label cleanups find them.
  const labels = {
    ...deps.extraLabels,
    [LABEL.managed]: 'true',
    [LABEL.instance]: deps.instance,
    [LABEL.profile]: profile.profile.name,
    [LABEL.created]: new Date().toISOString(),
  };
  const info = await deps.runtime.create(
    specFor(profile.profile, { imageTag: profile.imageTag, name: `boxlab-ci-${suffix}`, hostname: `ci-${suffix.slice(0, 6)}`, labels, network: lesson.network ?? 'none' }),
  );
  const target: ScriptTarget = { runtime: deps.runtime, sandboxId: info.id, user: profile.profile.user };
  try {
    await waitUntilReady(deps.runtime, info.id, profile.profile);
    let setupMs = 0;
    if (lesson.setup) {
      const setup = await runScript(target, await readLessonScript(deps.contentRoot, lesson, lesson.setup), deps.timeoutMs);
      setupMs = setup.durationMs;
      if (setup.exitCode !== 0) return failAll(`setup exited ${setup.exitCode}: ${oneLine(setup.output)}`, setupMs);
    }
    const results: ExerciseCiResult[] = [];
    for (const exercise of lesson.exercises) {
      results.push(await exerciseCi(target, deps, lesson, exercise, setupMs).catch((err: Error) => ({
        lesson: lesson.id, exercise: exercise.id, ok: false, problem: oneLine(err.message), setupMs, checkBeforeMs: 0, solveMs: 0, checkAfterMs: 0,
      })));
    }
    return results;
  } finally {
    await deps.runtime.remove(info.id);
  }
}

/** Run CI over every lesson, one sandbox at a time (the machine is shared); `onResult` streams progress. */
export async function runLessonCi(deps: LessonCiDeps, onResult: (r: ExerciseCiResult) => void = () => undefined): Promise<ExerciseCiResult[]> {
  const all: ExerciseCiResult[] = [];
  for (const lesson of deps.manifest.lessons) {
    const results = await lessonCi(deps, lesson).catch((err: Error) => [
      { lesson: lesson.id, exercise: '(sandbox)', ok: false, problem: oneLine(err.message), setupMs: 0, checkBeforeMs: 0, solveMs: 0, checkAfterMs: 0 },
    ]);
    for (const r of results) onResult(r);
    all.push(...results);
  }
  return all;
}
