/**
 * Lesson frontmatter, validated by the site's content collection and read by the server. Pure.
 * Descriptions double as documentation for authors (see docs/authoring.md).
 */
import { z } from 'zod';

export const profileNames = ['shell', 'docker', 'vm'] as const;
export const profileNameSchema = z.enum(profileNames);
export type ProfileName = z.infer<typeof profileNameSchema>;

export const networkModeSchema = z.enum(['none', 'isolated']);
export type NetworkMode = z.infer<typeof networkModeSchema>;

export const exerciseSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'exercise id: lowercase letters, digits and dashes').describe('Stable id, unique in the lesson'),
  title: z.string().min(1).describe('What the learner must achieve, in a few words'),
  check: z.string().min(1).describe('Script file (relative to the lesson folder) run in the sandbox; exit 0 = passed, output = message'),
  solve: z.string().min(1).describe('Script file that solves the exercise; lesson CI runs it to prove the check can pass'),
  hints: z.array(z.string()).default([]).describe('Revealed one at a time'),
});

export const lessonFrontmatterSchema = z.object({
  title: z.string().min(1).describe('Lesson title'),
  summary: z.string().min(1).describe('One sentence shown in the course outline'),
  minutes: z.number().int().positive().max(240).describe('Estimated minutes to complete'),
  profile: profileNameSchema.default('shell').describe('Sandbox profile the lesson needs'),
  setup: z.string().optional().describe('Script file run in the sandbox when it is created'),
  network: networkModeSchema.default('none').describe('none: no network at all; isolated: a private network of its own, with no route to the host, other learners or the internet'),
  exercises: z.array(exerciseSchema).default([]),
});
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
