/** The lesson CI report: one row per lesson × exercise with timings, and a last line that says it all. Pure. */
import type { ExerciseCiResult } from './lesson-ci.ts';

const ms = (n: number) => (n ? `${n} ms` : '-');

export function formatCiTable(results: ExerciseCiResult[]): string {
  const header = ['lesson', 'exercise', 'result', 'setup', 'check (before)', 'solve', 'check (after)'];
  const rows = results.map((r) => [r.lesson, r.exercise, r.ok ? 'PASS' : 'FAIL', ms(r.setupMs), ms(r.checkBeforeMs), ms(r.solveMs), ms(r.checkAfterMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const failed = results.filter((r) => !r.ok);
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (failed.length) out.push('', 'Failures:', ...failed.map((r) => `  ${r.lesson} / ${r.exercise}: ${r.problem ?? 'failed'}`));
  const lessons = new Set(results.map((r) => r.lesson)).size;
  out.push('', `lesson CI: ${results.length - failed.length} of ${results.length} exercises in ${lessons} lesson${lessons === 1 ? '' : 's'} work${failed.length ? `; ${failed.length} FAILED` : ''}`);
  return out.join('\n');
}
