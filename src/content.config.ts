import '../server/contracts/english-messages.ts';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from '../server/contracts/lesson.ts';
import { COURSE_ROOT, lessonIdFromEntry } from './lib/lesson-id.ts';

// Test builds add small fixture lessons (BOXLAB_EXTRA_LESSONS=tests/fixtures/lessons); the public course never has them.
const roots = [COURSE_ROOT, ...(process.env['BOXLAB_EXTRA_LESSONS'] ? [process.env['BOXLAB_EXTRA_LESSONS'].replace(/\/+$/, '')] : [])];

const lessons = defineCollection({
  loader: glob({
    pattern: roots.map((root) => `${root}/**/index.mdx`),
    base: '.',
    generateId: ({ entry }) => lessonIdFromEntry(entry, roots),
  }),
  schema: lessonFrontmatterSchema,
});

export const collections = { lessons };
