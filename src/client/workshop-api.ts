/**
 * The browser's side of the workshop API (server/http/workshop-routes.ts and instructor-routes.ts), typed by the
 * shared contract. A refusal throws an ApiFailure whose message is the server's own sentence.
 */
import type {
  CheckAttemptView,
  CreateWorkshop,
  InstructorOidcView,
  JoinWorkshop,
  LearnerWorkshopView,
  RehearsalResult,
  RehearsalStatus,
  WorkshopSummary,
} from '../../server/contracts/workshop.ts';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { ApiFailure } from './lesson-api.ts';
import { withBase } from '../lib/base-path.ts';

export { ApiFailure };

async function request<T>(url: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withBase(url), {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'offline', 'The server cannot be reached. Check your connection and try again.');
  }
  const answer = (await res.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  if (!res.ok) {
    const { code, message } = answer?.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') throw new ApiFailure(res.status, code, message);
    throw new ApiFailure(res.status, 'http', `The server answered ${res.status}. Try again.`);
  }
  return answer as T;
}

/** A lesson's page, as the site builds it (src/lib/lessons.ts `lessonHref`). */
export const lessonPath = (lesson: string): string => withBase(`/lessons/${lesson}/`);

export const joinWorkshop = (input: JoinWorkshop) => request<LearnerWorkshopView>(workshopUrls.join, 'POST', input);

export const instructorMe = () => request<{ instructor: string }>(workshopUrls.instructorMe);
export const signIn = (token: string) => request<{ instructor: string }>(workshopUrls.instructorLogin, 'POST', { token });
export const instructorOidc = () => request<InstructorOidcView>(workshopUrls.instructorOidc);
export const signOut = () => request<{ ok: true }>(workshopUrls.instructorLogout, 'POST', {});

export const listWorkshops = async () => (await request<{ workshops: WorkshopSummary[] }>(workshopUrls.workshops)).workshops;
export const createWorkshop = (input: CreateWorkshop) => request<WorkshopSummary>(workshopUrls.workshops, 'POST', input);
export const workshopSummary = (id: string) => request<WorkshopSummary>(workshopUrls.workshop(id));

export const attemptsOf = async (id: string, member: string) => (await request<{ attempts: CheckAttemptView[] }>(workshopUrls.attempts(id, member))).attempts;
export const resetMember = async (id: string, member: string) => (await request<{ removed: number }>(workshopUrls.reset(id, member), 'POST', {})).removed;
/** One learner's sandboxes, or (without `member`) everyone's. */
export const extendSandboxes = async (id: string, member?: string) =>
  (await request<{ extended: number }>(workshopUrls.extend(id), 'POST', member ? { member } : {})).extended;
export const broadcast = (id: string, text: string) => request<{ ok: true }>(workshopUrls.broadcast(id), 'POST', { text });
export const prewarmNow = (id: string) => request<{ wanted: number; ready: number; hostCanHold: number }>(workshopUrls.prewarm(id), 'POST', {});
/** Rehearse the start with this many simulated learners: answers when it is over. */
export const rehearse = (id: string, learners: number) => request<RehearsalResult>(workshopUrls.rehearse(id), 'POST', { learners });
/** Pre-warm this many sandboxes for the workshop (at most its places). */
export const setPrewarmSize = (id: string, sandboxes: number) =>
  request<{ sandboxes: number; share: number; prewarm: { wanted: number; ready: number; hostCanHold: number } }>(workshopUrls.prewarmSize(id), 'POST', { sandboxes });
export const rehearsalStatus = (id: string) => request<RehearsalStatus>(workshopUrls.rehearse(id));
export const endWorkshop = async (id: string) => (await request<{ removed: number }>(workshopUrls.end(id), 'POST', {})).removed;
