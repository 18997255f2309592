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
