import { isLessonId, LESSON_ID_RULE } from '../../server/contracts/lesson-id.ts';

/** `01-containers/02-vs-vms/index.mdx` → `containers/vs-vms`: numbers order folders, they stay out of URLs. Pure. */
export function lessonIdFromPath(entry: string): string {
  return entry
    .replace(/\/index\.mdx?$/, '')
    .split('/')
    .map((part) => part.replace(/^\d+-/, ''))
    .join('/');
}

/** The folders lessons are read from: the course itself, plus an extra one only test builds set. */
export const COURSE_ROOT = 'content';

/**
 * `content/01-containers/01-x/index.mdx` (relative to the repository) → `containers/x`. Folders that make an id
 * the server would refuse (server/contracts/lesson-id.ts) fail the build here, not the learner's terminal later.
 */
export function lessonIdFromEntry(entry: string, roots: readonly string[]): string {
  const root = roots.find((r) => entry.startsWith(`${r}/`));
  const id = lessonIdFromPath(root ? entry.slice(root.length + 1) : entry);
  if (!isLessonId(id)) throw new Error(`${entry}: its folders make the lesson id "${id}", but a ${LESSON_ID_RULE}. Rename the folders.`);
  return id;
}

/** The course a lesson belongs to: the first part of its id (`containers`). */
export const courseOf = (lessonId: string): string => lessonId.split('/')[0] ?? lessonId;

/** `first-steps` → `First steps`: course folders are named, not configured. */
export const courseTitle = (course: string): string => {
  const words = course.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
