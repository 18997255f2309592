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
import { requestJson as request } from './json-request.ts';

export { ApiFailure };


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
