/**
 * Lesson ids and lesson keys, the same on every side: the site derives ids from folders (src/lib/lesson-id.ts)
 * and builds preview links from keys, the server checks ids it is sent and writes keys into container names
 * (server/sandbox/claims.ts). Pure.
 */
import * as z from 'zod/mini';

/** `containers/what-is-a-container`: a lowercase path; clients send it URL-encoded in one segment. */
export const LESSON_ID_PATTERN = /^[a-z0-9][a-z0-9/_-]{0,199}$/;
export const LESSON_ID_RULE = 'lesson id is a lowercase path of letters, digits, dashes and underscores (at most 200 characters)';

export const isLessonId = (text: string): boolean => LESSON_ID_PATTERN.test(text);
export const lessonIdSchema = z.string().check(z.regex(LESSON_ID_PATTERN, LESSON_ID_RULE));

/**
 * A lesson id's short stable key, as 8 hex digits (FNV-1a, 32 bits): short enough for a container name and a
 * URL segment (`/preview/<key>/<port>/`); the server refuses a set of lessons where two share one.
 */
export function lessonKey(lessonId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < lessonId.length; i++) {
    h ^= lessonId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The key of one machine of a lab (a lesson's `nodes`): the key of `<lesson>@<node>`, where a lesson with one
 * sandbox has its own key. Container names and per-node preview links carry it (`@` never occurs in a lesson id).
 */
export const labNodeKey = (lessonId: string, node: string): string => lessonKey(`${lessonId}@${node}`);
