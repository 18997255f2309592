/**
 * Check an exercise for a learner: find the exercise in the build's manifest, find the learner's sandbox,
 * run the check script there with a timeout, interpret it, and remember a pass. Errors are coded
 * BoxlabErrors with a sentence that says what to do; the HTTP layer maps codes to statuses.
 */
import type { CheckResponse } from '../contracts/api.ts';
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes } from '../contracts/errors.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { ProgressStore } from '../store/progress-store.ts';
import { interpretCheck } from './check-result.ts';
import { readLessonScript, ScriptMissingError, type ManifestLesson } from './lesson-scripts.ts';
import { runScript } from './script-runner.ts';

export interface CheckServiceDeps {
  runtime: SandboxRuntime;
  manager: Pick<SandboxManager, 'find' | 'touch'>;
  lessons: Map<string, ManifestLesson>;
  contentRoot: string;
  timeoutMs: number;
  store: ProgressStore;
  now: () => number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export async function checkExercise(deps: CheckServiceDeps, learner: string, lessonId: string, exerciseId: string): Promise<CheckResponse> {
  const lesson = deps.lessons.get(lessonId);
  if (!lesson) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lessonId}" on this server.`);
  const exercise = lesson.exercises.find((e) => e.id === exerciseId);
  if (!exercise) throw new BoxlabError(errorCodes.UNKNOWN_EXERCISE, `The lesson "${lessonId}" has no exercise "${exerciseId}". Reload the page: the course may have changed.`);
  // In a lab, the check runs on the exercise's node (the first by default).
  const sandbox = deps.manager.find(learner, lessonId, exercise.node ?? lesson.nodes?.[0]);
  if (!sandbox) {
    throw new BoxlabError(errorCodes.NO_SANDBOX, 'Your sandbox for this lesson is not running, so there is nothing to check yet. Open the terminal (reload the page) and try again.');
  }
  const base = { lesson: lessonId, exercise: exerciseId };
  let script: string;
  try {
    script = await readLessonScript(deps.contentRoot, lesson, exercise.check);
  } catch (err) {
    if (!(err instanceof ScriptMissingError)) throw err;
    deps.log.error({ err, lesson: lessonId, exercise: exerciseId }, 'check script missing on the server');
    return { ...base, status: 'broken', passed: false, durationMs: 0, message: "This exercise's check is missing on the server. It is not your fault: please tell the operator." };
  }
  deps.manager.touch(sandbox);
  const run = await runScript({ runtime: deps.runtime, sandboxId: sandbox.id, user: sandbox.profile.user }, script, deps.timeoutMs).catch((err: unknown) => {
    throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'The check could not run in your sandbox. Reload the page; if it keeps failing, reset the lesson.', { cause: err });
  });
  const verdict = interpretCheck(run, Math.round(deps.timeoutMs / 1000));
  if (verdict.status === 'broken') deps.log.warn({ lesson: lessonId, exercise: exerciseId, exitCode: run.exitCode }, 'check script is broken');
  if (verdict.passed) deps.store.markPassed(learner, lessonId, exerciseId, deps.now());
  return { ...base, ...verdict, durationMs: run.durationMs };
}
