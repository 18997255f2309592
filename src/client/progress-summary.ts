/** How far a learner is, from their progress and the course outline. Pure (unit-tested). */
import type { ProgressResponse } from '../../server/contracts/api.ts';

export interface OutlineLesson {
  id: string;
  exercises: string[];
}

export type LessonState = 'done' | 'started' | 'new';

export function lessonState(lesson: OutlineLesson, progress: ProgressResponse): LessonState {
  const p = progress.lessons[lesson.id];
  if (!p) return 'new';
  const passed = lesson.exercises.filter((e) => p.passed.includes(e)).length;
  if (lesson.exercises.length > 0 ? passed === lesson.exercises.length : p.visitedAt !== undefined) return 'done';
  return 'started';
}

/**
 * Where to continue: the last lesson visited while it is unfinished, else the first unfinished lesson after
 * it (then from the start). Undefined for a learner who has not begun, or has finished everything.
 */
export function continueTarget(outline: OutlineLesson[], progress: ProgressResponse): string | undefined {
  if (!progress.lastLesson) return undefined;
  const from = Math.max(0, outline.findIndex((l) => l.id === progress.lastLesson));
  const order = [...outline.slice(from), ...outline.slice(0, from)];
  return order.find((l) => lessonState(l, progress) !== 'done')?.id;
}

export interface ExerciseCount {
  passed: number;
  total: number;
}

/** Exercises passed out of all the exercises of these lessons (a course, or a module of it). */
export function exerciseCount(lessons: OutlineLesson[], progress: ProgressResponse): ExerciseCount {
  let passed = 0;
  let total = 0;
  for (const l of lessons) {
    const done = new Set(progress.lessons[l.id]?.passed ?? []);
    total += l.exercises.length;
    passed += l.exercises.filter((e) => done.has(e)).length;
  }
  return { passed, total };
}

/** Whether a lesson with exercises has them all passed; a lesson without exercises is never "complete" here. */
export function lessonComplete(exercises: readonly string[], passed: ReadonlySet<string>): boolean {
  return exercises.length > 0 && exercises.every((e) => passed.has(e));
}
