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

/** A script beside the lesson: a relative path that stays inside the lesson folder. */
export const scriptPathSchema = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+$/, 'script path: relative to the lesson folder, without ".." (e.g. checks/make-file.sh)');

export const exerciseSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'exercise id: lowercase letters, digits and dashes').describe('Stable id, unique in the lesson'),
  title: z.string().min(1).describe('What the learner must achieve, in a few words'),
  check: scriptPathSchema.describe('Script file (relative to the lesson folder) run in the sandbox; exit 0 = passed, output = message'),
  solve: scriptPathSchema.describe('Script file that solves the exercise; lesson CI runs it to prove the check can pass'),
  hints: z.array(z.string()).default([]).describe('Revealed one at a time'),
});

export const lessonFrontmatterSchema = z.object({
  title: z.string().min(1).describe('Lesson title'),
  summary: z.string().min(1).describe('One sentence shown in the course outline'),
  minutes: z.number().int().positive().max(240).describe('Estimated minutes to complete'),
  profile: profileNameSchema.default('shell').describe('Sandbox profile the lesson needs'),
  setup: scriptPathSchema.optional().describe('Script file run in the sandbox when it is created'),
  network: networkModeSchema.default('none').describe('none: no network at all; isolated: a private network of its own, with no route to the host, other learners or the internet'),
  runtimes: z
    .array(z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'runtime: an OCI runtime name such as runc or runsc'))
    .min(1)
    .optional()
    .describe('OCI runtimes the lesson works under (runc, runsc…); default: any. Elsewhere the server refuses it and lesson CI skips it'),
  exercises: z
    .array(exerciseSchema)
    .default([])
    .superRefine((exercises, ctx) => {
      const seen = new Set<string>();
      exercises.forEach((e, i) => {
        if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate exercise id "${e.id}": ids must be unique in a lesson` });
        seen.add(e.id);
      });
    })
    .describe('Exercises the learner does in the sandbox, each verified by a check script'),
});
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
