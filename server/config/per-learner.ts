/**
 * The per-learner limit a server applies. An operator's BOXLAB_MAX_PER_LEARNER is kept as set (a lab larger than it
 * is then refused with a message naming the setting); left unset, the limit is the default, raised to the largest lab
 * among the lessons, so a default server gives every lesson it serves. Pure.
 */

/** The limit when BOXLAB_MAX_PER_LEARNER is unset and no lab is larger: a lesson and the one before it. */
export const DEFAULT_MAX_PER_LEARNER = 2;

export function effectiveMaxPerLearner(configured: number | undefined, lessons: Iterable<{ nodes?: readonly string[] | undefined }>): number {
  if (configured !== undefined) return configured;
  let largest = 0;
  for (const lesson of lessons) largest = Math.max(largest, lesson.nodes?.length ?? 0);
  return Math.max(DEFAULT_MAX_PER_LEARNER, largest);
}
