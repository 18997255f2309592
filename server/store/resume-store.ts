/**
 * What Boxlab keeps for progress that travels: one resume code per learner, as a hash (a stolen database gives no
 * code that works), and forgetting a learner altogether. The seam, as for progress: node:sqlite implements it
 * (sqlite-resume-store.ts).
 */
export interface ForgottenRows {
  visits: number;
  passes: number;
  attempts: number;
  memberships: number;
  resumeCodes: number;
}

export interface ResumeStore {
  /** The learner's code is now this one (a previous one stops working). */
  setResumeCode(learner: string, hash: string, at: number): void;
  /** When the learner's current code was made; undefined: none. */
  resumeCodeCreatedAt(learner: string): number | undefined;
  /** Whose code hashes to this; undefined: none (never issued, replaced, or deleted). */
  learnerOfResumeCode(hash: string): string | undefined;
  /**
   * Delete every row about the learner: visits, passes, check attempts, workshop memberships (their name and the
   * link to them) and the resume code, in one transaction.
   */
  forgetLearner(learner: string): ForgottenRows;
}
