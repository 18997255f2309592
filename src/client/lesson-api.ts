/** The browser's side of the lesson API (server/http/api-routes.ts), typed by the shared contracts. */
import './zod-config.ts';
import {
  apiErrorSchema,
  checkResponseSchema,
  checkUrl,
  PROGRESS_URL,
  progressResponseSchema,
  resetUrl,
  visitUrl,
  type CheckResponse,
  type ProgressResponse,
} from '../../server/contracts/api.ts';
import { withBase } from '../lib/base-path.ts';

/** Dispatched on the document when an exercise passes, with `{ lesson, exercise }`: headers tick live. */
export const PROGRESS_EVENT = 'boxlab:exercise-passed';

export class ApiFailure extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(url: string, method: 'GET' | 'POST'): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(withBase(url), { method, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0, 'offline', 'The server cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = apiErrorSchema.safeParse(body);
    throw err.success ? new ApiFailure(res.status, err.data.error.code, err.data.error.message) : new ApiFailure(res.status, 'http', `The server answered ${res.status}.`);
  }
  return body;
}

/** `auto`: the page checks by itself; the instructor's grid counts only the checks a learner asked for. */
export const checkExercise = async (lesson: string, exercise: string, auto = false): Promise<CheckResponse> =>
  checkResponseSchema.parse(await call(checkUrl(lesson, exercise, auto), 'POST'));

export const recordVisit = async (lesson: string): Promise<void> => void (await call(visitUrl(lesson), 'POST'));

export const resetLesson = async (lesson: string): Promise<void> => void (await call(resetUrl(lesson), 'POST'));

let progressOnce: Promise<ProgressResponse> | undefined;
/** The learner's progress, fetched once per page and shared by every component that shows it. */
export function loadProgress(): Promise<ProgressResponse> {
  progressOnce ??= call(PROGRESS_URL, 'GET').then((b) => progressResponseSchema.parse(b));
  return progressOnce;
}
