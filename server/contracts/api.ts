/**
 * The JSON API between the lesson pages and the server: route parameters and response bodies. Pure, shared
 * by the site (src/client/) and the server (server/http/api-routes.ts), so both sides agree by construction.
 */
import * as z from 'zod/mini';
import { lessonIdSchema } from './lesson-id.ts';

export const exerciseIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'exercise id: lowercase letters, digits and dashes'));

export const lessonParamsSchema = z.object({ lesson: lessonIdSchema });
export const exerciseParamsSchema = z.object({ lesson: lessonIdSchema, exercise: exerciseIdSchema });

/**
 * What a check found. `failed` is the normal "not yet" (the message says what is missing); `timeout` and
 * `broken` mean the check itself did not give an answer.
 */
export const checkStatuses = ['passed', 'failed', 'timeout', 'broken'] as const;
export type CheckStatus = (typeof checkStatuses)[number];

export const checkResponseSchema = z.object({
  lesson: z.string(),
  exercise: z.string(),
  status: z.enum(checkStatuses),
  passed: z.boolean(),
  /** The check's output (or an explanation when it gave none), for the learner. */
  message: z.string(),
  durationMs: z.number(),
});
export type CheckResponse = z.infer<typeof checkResponseSchema>;

export const lessonProgressSchema = z.object({
  visitedAt: z.optional(z.number()),
  /** Exercise ids the learner has passed; a passed exercise stays passed until the lesson is reset. */
  passed: z.array(z.string()),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

export const progressResponseSchema = z.object({
  lessons: z.record(z.string(), lessonProgressSchema),
  /** The lesson the learner visited last, if any. */
  lastLesson: z.optional(z.string()),
});
export type ProgressResponse = z.infer<typeof progressResponseSchema>;

/** Every API error has this body; `code` is stable for programs, `message` is a sentence for people. */
export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** URL of an exercise's check, with the lesson id in one encoded path segment. */
export const checkUrl = (lesson: string, exercise: string, auto = false): string =>
  `/api/lessons/${encodeURIComponent(lesson)}/exercises/${encodeURIComponent(exercise)}/check${auto ? '?auto=1' : ''}`;
/** A check the page ran by itself (after a command, on a timer), not one the learner asked for. */
export const checkQuerySchema = z.object({ auto: z.optional(z.literal('1')) });
export const visitUrl = (lesson: string): string => `/api/lessons/${encodeURIComponent(lesson)}/visit`;
export const resetUrl = (lesson: string): string => `/api/lessons/${encodeURIComponent(lesson)}/reset`;
export const PROGRESS_URL = '/api/progress';
