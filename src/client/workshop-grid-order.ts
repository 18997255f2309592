/** Which learners the grid shows, and in what order: sort by name, progress or stuck first; filter by text or flags. Pure. */
import type { GridRow } from '../../server/contracts/workshop.ts';

export const gridSorts = ['name', 'progress', 'stuck'] as const;
export type GridSort = (typeof gridSorts)[number];

export interface GridFilter {
  /** Matches the name, the current lesson or exercise, case-insensitively. */
  text: string;
  /** Only learners who are stuck or idle. */
  flaggedOnly: boolean;
}

export const passedCount = (row: GridRow): number => Object.values(row.cells).filter((c) => c.passed).length;

const byName = (a: GridRow, b: GridRow) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.joinedAt - b.joinedAt;
/** Stuck before idle before the rest; within each, the longest on their exercise first. */
const attention = (r: GridRow) => (r.stuck ? 0 : r.idle ? 1 : 2);

export function orderRows(rows: readonly GridRow[], sort: GridSort, filter: GridFilter): GridRow[] {
  const text = filter.text.trim().toLowerCase();
  const shown = rows.filter((r) => {
    if (filter.flaggedOnly && !r.stuck && !r.idle) return false;
    if (!text) return true;
    return [r.name, r.lesson ?? '', r.exercise ?? ''].some((s) => s.toLowerCase().includes(text));
  });
  const compare: Record<GridSort, (a: GridRow, b: GridRow) => number> = {
    name: byName,
    progress: (a, b) => passedCount(b) - passedCount(a) || byName(a, b),
    stuck: (a, b) => attention(a) - attention(b) || (a.since ?? Infinity) - (b.since ?? Infinity) || byName(a, b),
  };
  return shown.sort(compare[sort]);
}
