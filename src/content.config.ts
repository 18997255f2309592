import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from '../server/contracts/lesson.ts';
import { lessonIdFromPath } from './lib/lesson-id.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '**/index.mdx', base: './content', generateId: ({ entry }) => lessonIdFromPath(entry) }),
  schema: lessonFrontmatterSchema,
});

export const collections = { lessons };
