/**
 * Lesson CI: prove every exercise works and cannot be cheated. For each lesson in the manifest, in a fresh sandbox
 * of its profile (the real runtime, the real profile spec): run setup; then for each exercise in order
 *   1. the check must FAIL;
 *   2. each cheat (`cheats/<exercise>/*.sh`, in name order) must run (exit 0) and leave the check FAILING;
 *   3. the solve script must succeed, and the check must then PASS.
 * Exercises of a lesson share one sandbox, as for a learner; so do the cheats, one after the other, and what they
 * leave stays for the solution, as a learner's failed attempts would. A check that passes early, times out or is
 * broken is a failure, and so is an exercise without a cheat. A lab (`nodes`) gets a sandbox per node on a private
 * network of its own, as a learner's, and each script runs on the node its exercise (or `setupNode`) names.
 * A lesson whose frontmatter `runtimes` excludes the
 * runtime its profile runs under here is skipped. When a script's sandbox stops under it, CI says so and why.
 */
import { randomBytes } from 'node:crypto';
import type { LessonManifest } from '../contracts/manifest.ts';
import { LABEL } from '../sandbox/labels.ts';
import { specFor, type SandboxProfile } from '../sandbox/profiles.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { runtimeName, runtimeRefusal } from '../sandbox/runtime-support.ts';
import { interpretCheck, type CheckVerdict } from './check-result.ts';
import { lessonCheats } from './lesson-cheats.ts';
import { readLessonScript, ScriptMissingError, type ManifestExercise, type ManifestLesson } from './lesson-scripts.ts';
import { sandboxStoppedMessage } from './sandbox-stopped.ts';
import { runScript, type ScriptTarget, type TimedRun } from './script-runner.ts';

export interface LessonCiDeps {
  runtime: SandboxRuntime;
  manifest: LessonManifest;
  contentRoot: string;
  /** Profiles this machine can run, with their image tags. */
  profiles: ReadonlyMap<string, { profile: SandboxProfile; imageTag: string }>;
  /** Instance name the CI sandboxes are labelled with (never a serving instance's). */
  instance: string;
  extraLabels: Record<string, string>;
  timeoutMs: number;
}

export type CiStatus = 'pass' | 'fail' | 'skip';

export interface CheatCiResult {
  /** The cheat's path in the lesson folder. */
  cheat: string;
  /** The cheat ran and the check still failed. */
  ok: boolean;
  problem?: string | undefined;
  /** What the check said after the cheat (so an author can see it refused the cheat for the right reason). */
  checkSaid?: string | undefined;
  /** The cheat and the check after it. */
  ms: number;
}

export interface ExerciseCiResult {
  exercise: string;
  status: CiStatus;
  problems: string[];
  cheats: CheatCiResult[];
  checkBeforeMs: number;
  cheatsMs: number;
  solveMs: number;
  checkAfterMs: number;
}

export interface LessonCiResult {
  lesson: string;
  profile: string;
  /** The OCI runtime its sandbox ran under, as proven ("runc", "runsc", "runc, elevated"); "-" when none. */
  runtime: string;
  status: CiStatus;
  /** What went wrong outside any one exercise (the sandbox, setup, stray cheats), or why it was skipped. */
  problems: string[];
  setupMs: number;
  /** From creating the sandbox to removing it. */
  ms: number;
  exercises: ExerciseCiResult[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 160);

/** Thrown when a script's sandbox stopped under it: nothing more can run in that sandbox. */
class SandboxStopped extends Error {}

interface Sandboxed {
  target: ScriptTarget;
  deps: LessonCiDeps;
  lesson: ManifestLesson;
  /** In a lab: the same for another node, for the solution's parts that run there. */
  on?: ((node: string) => Sandboxed) | undefined;
}

/** A lab solution's part for another node: `solution/x.sh` → `solution/x.<node>.sh`, run after it when present. */
export const solvePartFor = (solve: string, node: string): string => solve.replace(/(\.sh)?$/, `.${node}$1`);

/** How long a sandbox whose script was killed may take to be seen stopped by the engine. */
const STOP_SETTLE_MS = 3000;

/** Run one script; after a failure, make sure the sandbox is still there (a script may have ended it). */
async function step(ctx: Sandboxed, what: string, script: string): Promise<TimedRun> {
  const stillThere = async (killed: boolean) => {
    // A script killed with its sandbox (exit 137, or no status) returns before the engine has seen the sandbox stop.
    const deadline = performance.now() + (killed ? STOP_SETTLE_MS : 0);
    for (;;) {
      const info = await ctx.deps.runtime.inspect(ctx.target.sandboxId);
      if (!info?.running) throw new SandboxStopped(sandboxStoppedMessage(what, info?.ended));
      if (performance.now() >= deadline) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const run = await runScript(ctx.target, script, ctx.deps.timeoutMs).catch(async (err: unknown) => {
    await stillThere(true);
    throw err;
  });
  if (run.exitCode !== 0 || run.timedOut) await stillThere(run.timedOut || run.exitCode < 0);
  return run;
}

const exited = (run: TimedRun) => (run.timedOut ? 'timed out' : `exited ${run.exitCode}`);
const verdictProblem = (v: CheckVerdict) => `${v.status}: ${oneLine(v.message)}`;

async function exerciseCi(ctx: Sandboxed, exercise: ManifestExercise, cheats: string[], r: ExerciseCiResult): Promise<void> {
  const seconds = Math.round(ctx.deps.timeoutMs / 1000);
  const read = (script: string) => readLessonScript(ctx.deps.contentRoot, ctx.lesson, script);
  const check = await read(exercise.check);
  const judge = async (when: string) => {
    const run = await step(ctx, `the check ${when}`, check);
    return { verdict: interpretCheck(run, seconds), ms: run.durationMs };
  };

  const before = await judge('before solving');
  r.checkBeforeMs = before.ms;
  if (before.verdict.status !== 'failed') {
    r.problems.push(before.verdict.passed ? 'check passes before the solution ran' : `check before solving: ${verdictProblem(before.verdict)}`);
    return;
  }
  if (cheats.length === 0) {
    r.problems.push(`no cheats: add cheats/${exercise.id}/<name>.sh, a shortcut the check must refuse (docs/authoring.md, "Cheats")`);
  }
  for (const cheat of cheats) {
    const ran = await step(ctx, cheat, await read(cheat));
    const c: CheatCiResult = { cheat, ok: false, ms: ran.durationMs };
    r.cheats.push(c);
    if (ran.exitCode !== 0 || ran.timedOut) {
      c.problem = `the cheat itself ${exited(ran)} (${oneLine(ran.output)}): a cheat must carry out its shortcut and exit 0`;
    } else {
      const after = await judge(`after ${cheat}`);
      c.ms += after.ms;
      c.checkSaid = oneLine(after.verdict.message);
      if (after.verdict.passed) c.problem = `the check PASSES after this cheat: ${oneLine(after.verdict.message)}`;
      else if (after.verdict.status !== 'failed') c.problem = `the check after this cheat: ${verdictProblem(after.verdict)}`;
      else c.ok = true;
    }
    r.cheatsMs += c.ms;
    if (c.problem) r.problems.push(`${cheat}: ${c.problem}`);
  }

  const solved = await step(ctx, 'the solve script', await read(exercise.solve));
  r.solveMs = solved.durationMs;
  if (solved.exitCode !== 0 || solved.timedOut) {
    r.problems.push(`solve script ${exited(solved)}: ${oneLine(solved.output)}`);
    return;
  }
  // A lab's solution may need hands on other machines (workers joining a swarm): its parts for them, in node order.
  for (const node of ctx.on ? (ctx.lesson.nodes ?? []).filter((n) => n !== (exercise.node ?? ctx.lesson.nodes?.[0])) : []) {
    const part = solvePartFor(exercise.solve, node);
    const script = await read(part).catch((err: unknown) => {
      if (err instanceof ScriptMissingError) return undefined;
      throw err;
    });
    if (script === undefined) continue;
    const ran = await step(ctx.on!(node), part, script);
    r.solveMs += ran.durationMs;
    if (ran.exitCode !== 0 || ran.timedOut) {
      r.problems.push(`${part} ${exited(ran)}: ${oneLine(ran.output)}`);
      return;
    }
  }
  const after = await judge('after solving');
  r.checkAfterMs = after.ms;
  if (!after.verdict.passed) r.problems.push(`check after solving: ${verdictProblem(after.verdict)}`);
}

/** How a profile's sandboxes run, for the table: the runtime, and what else decides what a lesson can do. */
export function describeRuntime(profile: SandboxProfile): string {
  return [runtimeName(profile), ...(profile.elevated ? ['elevated'] : []), ...(profile.devices?.length ? [profile.devices.join(' ')] : [])].join(', ');
}

const emptyExercise = (exercise: string): ExerciseCiResult => ({
  exercise, status: 'fail', problems: [], cheats: [], checkBeforeMs: 0, cheatsMs: 0, solveMs: 0, checkAfterMs: 0,
});

async function lessonCi(deps: LessonCiDeps, lesson: ManifestLesson): Promise<LessonCiResult> {
  const started = performance.now();
  const offered = deps.profiles.get(lesson.profile);
  const r: LessonCiResult = {
    lesson: lesson.id, profile: lesson.profile, runtime: offered ? describeRuntime(offered.profile) : '-', status: 'fail', problems: [], setupMs: 0, ms: 0,
    exercises: lesson.exercises.map((e) => emptyExercise(e.id)),
  };
  const notRun = (why: string) => {
    for (const e of r.exercises) if (e.status !== 'pass' && e.problems.length === 0) e.problems.push(`not run: ${why}`);
  };
  const finish = () => {
    for (const e of r.exercises) if (e.status !== 'skip') e.status = e.problems.length ? 'fail' : 'pass';
    if (r.status !== 'skip') r.status = r.problems.length || r.exercises.some((e) => e.status === 'fail') ? 'fail' : 'pass';
    r.ms = Math.round(performance.now() - started);
    return r;
  };

  if (!offered) {
    r.problems.push(`profile "${lesson.profile}" is not available on this machine`);
    notRun('no sandbox');
    return finish();
  }
  const refusal = runtimeRefusal(lesson.runtimes, runtimeName(offered.profile));
  if (refusal) {
    r.status = 'skip';
    r.problems.push(`skipped: the lesson declares runtimes: ${lesson.runtimes!.join(', ')}, and ${lesson.profile} sandboxes run under ${runtimeName(offered.profile)} here`);
    for (const e of r.exercises) e.status = 'skip';
    return finish();
  }
  if (lesson.exercises.length === 0 && !lesson.setup) return finish();

  const cheats = await lessonCheats(deps.contentRoot, lesson);
  for (const stray of cheats.strays) r.problems.push(`${stray} belongs to no exercise of this lesson: cheats go in cheats/<exercise-id>/<name>.sh`);

  const suffix = randomBytes(5).toString('hex');
  // Managed and of an instance no server serves: servers leave them alone, operators' label cleanups find them.
  const labels = {
    ...deps.extraLabels,
    [LABEL.managed]: 'true',
    [LABEL.instance]: deps.instance,
    [LABEL.profile]: offered.profile.name,
    [LABEL.created]: new Date().toISOString(),
  };
  const nodes: (string | undefined)[] = lesson.nodes ?? [undefined];
  const network = lesson.nodes ? `boxlab-ci-${suffix}` : undefined;
  if (network) await deps.runtime.createNetwork(network, labels);
  const made = await Promise.allSettled(
    nodes.map((node, i) => {
      const name = `boxlab-ci-${suffix}${node ? `-${node}` : ''}`;
      // Machines of a lab have hostnames of their own (a swarm lists its nodes by hostname), as on a server.
      const hostname = `ci-${suffix.slice(0, 6)}${node ? `-${i}` : ''}`;
      const spec = specFor(offered.profile, { imageTag: offered.imageTag, name, hostname, labels, network: lesson.network ?? 'none' });
      return deps.runtime.create({ ...spec, ...(network && node ? { join: { network, alias: node } } : {}) });
    }),
  );
  const ids = made.flatMap((m) => (m.status === 'fulfilled' ? [m.value.id] : []));
  const removeAll = async () => {
    await Promise.all(ids.map((id) => deps.runtime.remove(id)));
    if (network) await deps.runtime.removeNetwork(network);
  };
  const failed = made.find((m) => m.status === 'rejected');
  if (failed) {
    await removeAll();
    throw failed.reason;
  }
  // The sandbox a script runs in: its node's in a lab (the first by default), else the lesson's only one.
  const on = (node: string | undefined): Sandboxed => ({
    target: { runtime: deps.runtime, sandboxId: ids[lesson.nodes ? Math.max(0, lesson.nodes.indexOf(node ?? '')) : 0]!, user: offered.profile.user },
    deps,
    lesson,
    on: lesson.nodes ? (n) => on(n) : undefined,
  });
  try {
    await Promise.all(ids.map((id) => waitUntilReady(deps.runtime, id, offered.profile)));
    if (lesson.setup) {
      const setup = await step(on(lesson.setupNode), 'setup', await readLessonScript(deps.contentRoot, lesson, lesson.setup));
      r.setupMs = setup.durationMs;
      if (setup.exitCode !== 0 || setup.timedOut) {
        r.problems.push(`setup ${exited(setup)}: ${oneLine(setup.output)}`);
        notRun('setup failed');
        return finish();
      }
    }
    for (const [i, exercise] of lesson.exercises.entries()) {
      const result = r.exercises[i]!;
      const stopped = await exerciseCi(on(exercise.node), exercise, cheats.byExercise.get(exercise.id) ?? [], result).then(
        () => false,
        (err: Error) => {
          result.problems.push(err instanceof SandboxStopped ? err.message : oneLine(err.message));
          return err instanceof SandboxStopped;
        },
      );
      result.status = result.problems.length ? 'fail' : 'pass';
      if (stopped) {
        notRun(`the sandbox stopped in exercise ${exercise.id}`);
        break;
      }
    }
  } catch (err) {
    // Setup's own failure, or the sandbox's (it never became ready, or stopped under setup).
    r.problems.push(err instanceof SandboxStopped ? err.message : oneLine((err as Error).message));
    notRun(err instanceof SandboxStopped ? 'the sandbox stopped under setup' : 'the sandbox failed');
  } finally {
    await removeAll();
  }
  return finish();
}

/** Run CI over every lesson, one sandbox at a time (the machine is shared); `onLesson` streams progress. */
export async function runLessonCi(deps: LessonCiDeps, onLesson: (r: LessonCiResult) => void = () => undefined): Promise<LessonCiResult[]> {
  const all: LessonCiResult[] = [];
  for (const lesson of deps.manifest.lessons) {
    const result = await lessonCi(deps, lesson).catch(
      (err: Error): LessonCiResult => ({
        lesson: lesson.id, profile: lesson.profile, runtime: '-', status: 'fail', problems: [oneLine(err.message)], setupMs: 0, ms: 0,
        exercises: lesson.exercises.map((e) => ({ ...emptyExercise(e.id), problems: ['not run: the sandbox failed'] })),
      }),
    );
    onLesson(result);
    all.push(result);
  }
  return all;
}
