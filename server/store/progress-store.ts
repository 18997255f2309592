/**
 * What Boxlab remembers about a learner's progress, keyed by the id in their cookie. The interface is the
 * seam: node:sqlite implements it today (sqlite-progress-store.ts); PostgreSQL can when servers share state.
 */
import type { ProgressResponse } from '../contracts/api.ts';

export interface ProgressStore {
  /** Record that the learner opened a lesson (the latest visit wins). */
  markVisited(learner: string, lesson: string, at: number): void;
  /** Record a passed exercise; passing again keeps the first time. */
  markPassed(learner: string, lesson: string, exercise: string, at: number): void;
  progress(learner: string): ProgressResponse;
  /** Forget the learner's visit and passes for one lesson. */
  resetLesson(learner: string, lesson: string): void;
  close(): void;
}
