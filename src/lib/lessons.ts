/** Course structure from the content collection: lessons in folder order, grouped by course. */
import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'>;

export async function orderedLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => (a.filePath ?? '').localeCompare(b.filePath ?? ''));
}

export const lessonHref = (lesson: Lesson) => `/lessons/${lesson.id}/`;
