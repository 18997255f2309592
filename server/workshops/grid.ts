/**
 * The live grid an instructor watches: learners × exercises, each learner's current lesson and exercise, how long
 * they have been on it, idle or stuck, and a summary per exercise. Pure: the service gathers the facts.
 */
import type { ProgressResponse } from '../contracts/api.ts';
import { cellKey, type GridCell, type GridColumn, type GridRow, type SandboxState } from '../contracts/workshop.ts';
import type { AttemptRecord, MemberRecord } from '../store/workshop-store.ts';

/** Nothing typed, no check run, no terminal attached for this long: idle. */
export const IDLE_AFTER_MS = 5 * 60_000;
/** This many failed checks on the current exercise since its last pass: stuck. */
export const STUCK_AFTER_FAILURES = 3;

export interface LearnerFacts {
  member: MemberRecord;
  progress: ProgressResponse;
  /** Their checks since they joined, oldest first. */
  attempts: Omit<AttemptRecord, 'output'>[];
  sandbox: { state: SandboxState; lastActivityAt: number | undefined; attached: number; terminals: string[] };
}

export interface ExerciseColumn {
  lesson: string;
  exercise: string;
  title: string;
}

function cellsOf(facts: LearnerFacts, columns: ExerciseColumn[]): Record<string, GridCell> {
  const cells: Record<string, GridCell> = {};
  for (const c of columns) {
    cells[cellKey(c.lesson, c.exercise)] = { passed: facts.progress.lessons[c.lesson]?.passed.includes(c.exercise) ?? false, failures: 0 };
  }
  for (const a of facts.attempts) {
    const cell = cells[cellKey(a.lesson, a.exercise)];
    if (!cell) continue;
    // Failures count since the last pass: a learner who got there is not stuck on it.
    if (a.status === 'passed') cell.failures = 0;
    else if (a.status === 'failed') cell.failures++;
  }
  return cells;
}

export function gridRow(facts: LearnerFacts, columns: ExerciseColumn[], lessons: string[], now: number): GridRow {
  const cells = cellsOf(facts, columns);
  // The workshop lesson they opened last.
  let lesson: string | undefined;
  let visitedAt = -1;
  for (const id of lessons) {
    const at = facts.progress.lessons[id]?.visitedAt;
    if (at !== undefined && at > visitedAt) [lesson, visitedAt] = [id, at];
  }
  const exercise = columns.find((c) => c.lesson === lesson && !cells[cellKey(c.lesson, c.exercise)]!.passed)?.exercise;
  const lastPass = facts.attempts.filter((a) => a.lesson === lesson && a.status === 'passed').at(-1)?.at;
  const since = lesson === undefined ? undefined : Math.max(visitedAt, lastPass ?? 0);
  const lastCheck = facts.attempts.at(-1)?.at;
  const lastActivityAt = Math.max(facts.sandbox.lastActivityAt ?? 0, lastCheck ?? 0, visitedAt, facts.member.joinedAt) || undefined;
  const failures = exercise && lesson ? cells[cellKey(lesson, exercise)]!.failures : 0;
  return {
    member: facts.member.member,
    name: facts.member.name,
    joinedAt: facts.member.joinedAt,
    lesson,
    exercise,
    since,
    lastActivityAt,
    idle: facts.sandbox.attached === 0 && (lastActivityAt === undefined || now - lastActivityAt >= IDLE_AFTER_MS),
    stuck: failures >= STUCK_AFTER_FAILURES,
    sandbox: facts.sandbox.state,
    cells,
    terminals: facts.sandbox.terminals,
  };
}

export function gridColumns(columns: ExerciseColumn[], rows: GridRow[]): GridColumn[] {
  return columns.map((c) => ({ ...c, passed: rows.filter((r) => r.cells[cellKey(c.lesson, c.exercise)]?.passed).length }));
}

/** What the host can hold of one more profile's sandboxes, from free memory above the reserve. */
export function hostCanHold(opts: { availableMb: number; reserveMb: number; perSandboxMb: number; freeSlots: number }): number {
  const byMemory = Math.floor(Math.max(0, opts.availableMb - opts.reserveMb) / Math.max(1, opts.perSandboxMb));
  return Math.max(0, Math.min(byMemory, opts.freeSlots));
}
