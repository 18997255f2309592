import { describe, expect, it } from 'vitest';
import { selectLessons } from '../../server/checks/ci-select.ts';
import { formatCiTable } from '../../server/checks/ci-table.ts';
import type { ExerciseCiResult, LessonCiResult } from '../../server/checks/lesson-ci.ts';
import { describeExit, sandboxStoppedMessage } from '../../server/checks/sandbox-stopped.ts';
import { runtimeName, runtimeRefusal } from '../../server/sandbox/runtime-support.ts';
import { dockerProfile, shellProfile } from '../../server/sandbox/profiles.ts';
import { describeRuntime } from '../../server/checks/lesson-ci.ts';

const exercise = (e: Partial<ExerciseCiResult> & { exercise: string }): ExerciseCiResult => ({
  status: 'pass', problems: [], cheats: [], checkBeforeMs: 0, cheatsMs: 0, solveMs: 0, checkAfterMs: 0, ...e,
});
const lesson = (l: Partial<LessonCiResult> & { lesson: string }): LessonCiResult => ({
  profile: 'shell', runtime: 'runc', status: 'pass', problems: [], setupMs: 0, ms: 0, exercises: [], ...l,
});
const held = (cheat: string) => ({ cheat, ok: true, ms: 20 });

describe('formatCiTable', () => {
  it('prints a row per exercise with its profile, runtime, cheats and timings, a row per lesson, and a summary', () => {
    const table = formatCiTable([
      lesson({
        lesson: 'a/b', runtime: 'runsc', setupMs: 40, ms: 2345,
        exercises: [
          exercise({ exercise: 'one', cheats: [held('cheats/one/echo.sh'), held('cheats/one/touch.sh')], checkBeforeMs: 50, cheatsMs: 40, solveMs: 30, checkAfterMs: 45 }),
          exercise({ exercise: 'two', status: 'fail', problems: ['check passes before the solution ran'], checkBeforeMs: 48 }),
        ],
        status: 'fail',
      }),
    ]);
    expect(table).toMatch(/^lesson\s+profile\s+runtime\s+exercise\s+result\s+cheats\s+setup\s+check \(before\)\s+cheat runs\s+solve\s+check \(after\)$/m);
    expect(table).toMatch(/^a\/b\s+shell\s+runsc\s+one\s+PASS\s+2\/2\s+40 ms\s+50 ms\s+40 ms\s+30 ms\s+45 ms$/m);
    expect(table).toMatch(/^a\/b\s+shell\s+runsc\s+two\s+FAIL\s+0\/0\s+48 ms\s+-\s+-\s+-$/m);
    expect(table).toMatch(/^a\/b\s+shell\s+runsc\s+2\s+2\/2\s+FAIL\s+2\.3 s$/m);
    expect(table).toMatch(/a\/b \/ two: check passes before the solution ran/);
    expect(table).toMatch(/lesson CI: 1 of 2 exercises in 1 lesson proven, 2 of 2 cheats refused; 1 FAILED$/);
  });

  it('counts a cheat the check let through, lists skipped lessons apart, and failures outside exercises', () => {
    const table = formatCiTable([
      lesson({
        lesson: 'a/c', status: 'fail',
        exercises: [exercise({ exercise: 'x', status: 'fail', cheats: [{ cheat: 'cheats/x/echo.sh', ok: false, problem: 'the check PASSES after this cheat', ms: 9 }], problems: ['cheats/x/echo.sh: the check PASSES after this cheat'] })],
      }),
      lesson({ lesson: 'a/d', status: 'skip', runtime: 'runsc', problems: ['skipped: the lesson declares runtimes: runc'], exercises: [exercise({ exercise: 'y', status: 'skip' })] }),
      lesson({ lesson: 'a/e', status: 'fail', problems: ['cheats/typo/ belongs to no exercise of this lesson'] }),
    ]);
    expect(table).toMatch(/^a\/c\s+shell\s+runc\s+x\s+FAIL\s+0\/1/m);
    expect(table).toMatch(/^a\/d\s+shell\s+runsc\s+y\s+SKIP\s+-/m);
    expect(table).toMatch(/Failures:\n {2}a\/c \/ x: cheats\/x\/echo.sh: the check PASSES after this cheat\n {2}a\/e: cheats\/typo\//);
    expect(table).toMatch(/Skipped:\n {2}a\/d: skipped: the lesson declares runtimes: runc/);
    expect(table).toMatch(/lesson CI: 0 of 2 exercises in 3 lessons proven, 0 of 1 cheats refused; 1 skipped; 1 FAILED; 1 lesson FAILED outside its exercises$/);
  });
});

describe('selectLessons', () => {
  const manifest = {
    version: 1 as const,
    lessons: ['containers/one', 'containers/two', 'docker/three'].map((id) => ({ id, title: id, profile: 'shell' as const, dir: 'x', exercises: [] })),
  };
  it('keeps every lesson without a prefix, and those whose id starts with one of them otherwise, in course order', () => {
    expect(selectLessons(manifest, [])).toBe(manifest);
    expect(selectLessons(manifest, ['docker/', 'containers/t']).lessons.map((l) => l.id)).toEqual(['containers/two', 'docker/three']);
  });
  it('says which prefix matched nothing, and lists the lessons', () => {
    expect(() => selectLessons(manifest, ['containers', 'vm'])).toThrow(/No lesson id starts with "vm"\. The lessons are:\n {2}containers\/one/);
  });
});

describe('a sandbox that stopped under a script', () => {
  it('names the signal that ended its first process and what scripts must not touch', () => {
    expect(describeExit(143)).toBe('exit 143 (SIGTERM)');
    expect(describeExit(1)).toBe('exit 1');
    const msg = sandboxStoppedMessage('setup', { exitCode: 143, oomKilled: false });
    expect(msg).toMatch(/^the sandbox stopped while setup ran: its first process, the keep-alive that holds it open, ended \(exit 143 \(SIGTERM\)\)\./);
    expect(msg).toMatch(/pkill -x sleep/);
    expect(sandboxStoppedMessage('the solve script', { exitCode: 137, oomKilled: true })).toMatch(/ran out of memory/);
    expect(sandboxStoppedMessage('setup', undefined)).toMatch(/the engine no longer has it/);
  });
});

describe('runtimes a lesson works under', () => {
  it('offers a lesson that names none everywhere, and refuses it elsewhere with a sentence', () => {
    expect(runtimeRefusal(undefined, 'runsc')).toBeUndefined();
    expect(runtimeRefusal(['runc', 'runsc'], 'runsc')).toBeUndefined();
    expect(runtimeRefusal(['runc'], 'runsc')).toBe(
      'This lesson works only in sandboxes that run under runc, and this server runs them under runsc, so it cannot open it. Ask the operator (see docs/operators.md).',
    );
    expect(runtimeRefusal(['runc', 'kata', 'runsc'], 'sysbox-runc')).toMatch(/under runc, kata or runsc,/);
  });
  it('names a profile’s runtime, runc when none is configured, and what else lesson CI ran it with', () => {
    const limits = { memoryMb: 256, cpus: 0.5, pids: 128 };
    expect(runtimeName(shellProfile(limits))).toBe('runc');
    expect(runtimeName(shellProfile({ ...limits, runtime: 'runsc' }))).toBe('runsc');
    expect(describeRuntime(dockerProfile(limits, { elevated: true, storageMb: 64 }))).toBe('runc, elevated');
  });
});
