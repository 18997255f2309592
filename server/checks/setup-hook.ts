/**
 * Run a lesson's setup script when its sandbox is created, before the learner's first shell opens, so the
 * exercise starts from the state the author prepared. A failing setup is logged, not fatal: the learner
 * still gets a shell, and lesson CI is where a broken setup is caught.
 */
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { StartStep } from '../contracts/start-steps.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { ClaimedSandbox as Sandbox } from '../sessions/sandbox.ts';
import { readLessonScript, type ManifestLesson } from './lesson-scripts.ts';
import { runScript } from './script-runner.ts';

export interface SetupHookDeps {
  runtime: SandboxRuntime;
  lessons: Map<string, ManifestLesson>;
  contentRoot: string;
  timeoutMs: number;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export function lessonSetupHook(deps: SetupHookDeps): (sandbox: Sandbox, onStep?: (step: StartStep) => void) => Promise<void> {
  return async (sandbox, onStep) => {
    const lesson = deps.lessons.get(sandbox.lesson);
    if (!lesson?.setup) return;
    // A lab's setup runs once, on its node (the first by default); the other nodes are handed over as they are.
    if (lesson.nodes && sandbox.node !== (lesson.setupNode ?? lesson.nodes[0])) return;
    onStep?.('setup');
    try {
      // A sandbox made for this learner (none was ready in the pool) may still be starting its services, e.g. the
      // docker profile's engine, which a docker lesson's setup uses; a pooled one is ready already.
      await waitUntilReady(deps.runtime, sandbox.id, sandbox.profile);
      const script = await readLessonScript(deps.contentRoot, lesson, lesson.setup);
      const run = await runScript({ runtime: deps.runtime, sandboxId: sandbox.id, user: sandbox.profile.user }, script, deps.timeoutMs);
      if (run.exitCode !== 0) {
        deps.log.error({ sandbox: sandbox.id, lesson: lesson.id, exitCode: run.exitCode, output: run.output.slice(-2000) }, 'lesson setup failed');
      } else {
        deps.log.info({ sandbox: sandbox.id, lesson: lesson.id, ms: run.durationMs }, 'lesson setup done');
      }
    } catch (err) {
      deps.log.error({ err, sandbox: sandbox.id, lesson: lesson.id }, 'lesson setup could not run');
    }
  };
}
