/** Course structure from the content collection: lessons in folder order, grouped by course, scripts verified. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { missingScripts, scriptsError } from './lesson-files.ts';
import { courseOf, courseTitle } from './lesson-id.ts';
import { BASE_PATH, withBase } from './base-path.ts';

export type Lesson = CollectionEntry<'lessons'>;

export interface Course {
  id: string;
  title: string;
  lessons: Lesson[];
}

/** Every page asks for lessons through here, so a lesson naming a missing script fails the whole build. */
export async function orderedLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  for (const lesson of lessons) {
    const file = lesson.filePath ?? lesson.id;
    const problems = missingScripts(lesson.data, (rel) => existsSync(join(dirname(file), rel)));
    if (problems.length) throw scriptsError(file, problems);
  }
  return lessons.sort((a, b) => (a.filePath ?? '').localeCompare(b.filePath ?? ''));
}

export async function courses(): Promise<Course[]> {
  const out: Course[] = [];
  for (const lesson of await orderedLessons()) {
    const id = courseOf(lesson.id);
    let course = out.find((c) => c.id === id);
    if (!course) out.push((course = { id, title: courseTitle(id), lessons: [] }));
    course.lessons.push(lesson);
  }
  return out;
}

export const lessonHref = (lesson: Lesson) => withBase(`/lessons/${lesson.id}/`);

/** The lesson a page is for, from its URL: components inside a lesson's MDX use this to read its frontmatter. */
export function lessonIdFromUrl(url: URL): string | undefined {
  return /^\/lessons\/(.+?)\/?$/.exec(url.pathname.slice(BASE_PATH.length))?.[1];
}
