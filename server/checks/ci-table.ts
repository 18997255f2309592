/**
 * The lesson CI report: one row per lesson × exercise (profile and runtime it was proven under, cheats refused,
 * timings), one row per lesson, what failed or was skipped, and a last line that says it all. Pure.
 */
import type { LessonCiResult } from './lesson-ci.ts';

const ms = (n: number) => (n ? `${n} ms` : '-');
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
const RESULT = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const cheatCount = (cheats: { ok: boolean }[]) => `${cheats.filter((c) => c.ok).length}/${cheats.length}`;

export function formatCiTable(results: LessonCiResult[]): string {
  const exerciseRows = results.flatMap((l) =>
    (l.exercises.length ? l.exercises : [undefined]).map((e, i) => [
      l.lesson, l.profile, l.runtime, e?.exercise ?? '-', RESULT[e?.status ?? l.status],
      e && e.status !== 'skip' ? cheatCount(e.cheats) : '-',
      i === 0 ? ms(l.setupMs) : '', ms(e?.checkBeforeMs ?? 0), ms(e?.cheatsMs ?? 0), ms(e?.solveMs ?? 0), ms(e?.checkAfterMs ?? 0),
    ]),
  );
  const lessonRows = results.map((l) => {
    const cheats = l.exercises.flatMap((e) => e.cheats);
    return [l.lesson, l.profile, l.runtime, String(l.exercises.length), cheatCount(cheats), RESULT[l.status], seconds(l.ms)];
  });
  const out = [
    ...table(['lesson', 'profile', 'runtime', 'exercise', 'result', 'cheats', 'setup', 'check (before)', 'cheat runs', 'solve', 'check (after)'], exerciseRows),
    '',
    ...table(['lesson', 'profile', 'runtime', 'exercises', 'cheats', 'result', 'time'], lessonRows),
  ];

  const failures = results.flatMap((l) => [
    ...(l.status === 'fail' ? l.problems.map((p) => `  ${l.lesson}: ${p}`) : []),
    ...l.exercises.filter((e) => e.status === 'fail').flatMap((e) => e.problems.map((p) => `  ${l.lesson} / ${e.exercise}: ${p}`)),
  ]);
  const skips = results.filter((l) => l.status === 'skip').flatMap((l) => l.problems.map((p) => `  ${l.lesson}: ${p}`));
  if (failures.length) out.push('', 'Failures:', ...failures);
  if (skips.length) out.push('', 'Skipped:', ...skips);

  const exercises = results.flatMap((l) => l.exercises);
  const failed = exercises.filter((e) => e.status === 'fail').length;
  const skipped = exercises.filter((e) => e.status === 'skip').length;
  const cheats = exercises.flatMap((e) => e.cheats);
  // A lesson can fail outside its exercises too: a stray cheat, the setup of a lesson without exercises.
  const lessonsOnly = results.filter((l) => l.status === 'fail' && !l.exercises.some((e) => e.status === 'fail')).length;
  const tail = [
    skipped ? `${skipped} skipped` : '',
    failed ? `${failed} FAILED` : '',
    lessonsOnly ? `${lessonsOnly} lesson${lessonsOnly === 1 ? '' : 's'} FAILED outside its exercises` : '',
  ].filter(Boolean);
  out.push(
    '',
    `lesson CI: ${exercises.length - failed - skipped} of ${exercises.length} exercises in ${results.length} lesson${results.length === 1 ? '' : 's'} proven, ` +
      `${cheats.filter((c) => c.ok).length} of ${cheats.length} cheats refused${tail.length ? `; ${tail.join('; ')}` : ''}`,
  );
  return out.join('\n');
}
