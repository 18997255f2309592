/**
 * Classroom workshops: create one, join it with its code, and the instructor's actions (reset, extend, broadcast,
 * end, export). Reads progress from the store and sandboxes from the manager; tells listeners what changed.
 * The grid is gathered in workshop-grid.ts, the pre-warm in prewarm.ts.
 */
import type * as z from 'zod/mini';
import { errorCodes } from '../contracts/errors.ts';
import type { createWorkshopSchema, joinWorkshopSchema, LearnerWorkshopView, WorkshopState, WorkshopSummary } from '../contracts/workshop.ts';
import type { Clock } from '../domain/clock.ts';
import { BoxlabError } from '../domain/errors.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { MemberRecord, WorkshopRecord } from '../store/workshop-store.ts';
import type { Store } from '../store/store.ts';
import type { WorkshopEvents } from './workshop-events.ts';
import { hashPassword, newId, newJoinCode, verifyPassword } from './secrets.ts';

export interface WorkshopServiceDeps {
  store: Store;
  manager: SandboxManager;
  events: WorkshopEvents;
  clock: Clock;
  /** Lesson ids this server has. */
  hasLesson: (lesson: string) => boolean;
  /** Tell every open terminal of a sandbox (the broadcast's line in the terminal). */
  notifySandbox: (sandboxId: string, text: string) => void;
}

const MESSAGES_KEPT = 20;

export function stateOf(w: WorkshopRecord, now: number): WorkshopState {
  if (w.endedAt !== undefined || now >= w.endsAt) return 'ended';
  return now >= w.startsAt ? 'live' : 'scheduled';
}

export class WorkshopService {
  private readonly deps: WorkshopServiceDeps;

  constructor(deps: WorkshopServiceDeps) {
    this.deps = deps;
  }

  async create(input: z.output<typeof createWorkshopSchema>, createdBy: string): Promise<WorkshopSummary> {
    const unknown = input.lessons.filter((l) => !this.deps.hasLesson(l));
    if (unknown.length) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `This server has no lesson ${unknown.map((l) => `"${l}"`).join(', ')}.`);
    const { store } = this.deps;
    let code = newJoinCode();
    // 31^6 codes: a clash is rare, and only among the codes this server ever handed out.
    for (let i = 0; i < 20 && store.workshopByCode(code); i++) code = newJoinCode();
    const record: WorkshopRecord = {
      id: newId(),
      code,
      title: input.title,
      lessons: input.lessons,
      capacity: input.capacity,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      sandboxMinutes: input.sandboxMinutes,
      passwordHash: input.password ? await hashPassword(input.password) : undefined,
      prewarmShare: input.prewarmShare,
      endedAt: undefined,
      createdBy,
      createdAt: this.deps.clock.now(),
    };
    store.createWorkshop(record);
    return this.summary(record);
  }

  summary(w: WorkshopRecord): WorkshopSummary {
    return {
      id: w.id,
      title: w.title,
      code: w.code,
      lessons: w.lessons,
      capacity: w.capacity,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      sandboxMinutes: w.sandboxMinutes,
      hasPassword: w.passwordHash !== undefined,
      state: stateOf(w, this.deps.clock.now()),
      members: this.deps.store.members(w.id).length,
    };
  }

  list(): WorkshopSummary[] {
    return this.deps.store.workshops().map((w) => this.summary(w));
  }

  get(id: string): WorkshopRecord {
    const w = this.deps.store.workshop(id);
    if (!w) throw new BoxlabError(errorCodes.WORKSHOP_NOT_FOUND, 'There is no such workshop.');
    return w;
  }

  /**
   * A learner joins with the code (and password); joining again returns the same membership and makes this
   * workshop their current one.
   */
  async join(learner: string, input: z.output<typeof joinWorkshopSchema>): Promise<LearnerWorkshopView> {
    const { store, clock } = this.deps;
    const w = store.workshopByCode(input.code);
    if (!w) throw new BoxlabError(errorCodes.WORKSHOP_NOT_FOUND, 'No workshop has this code. Check it with your instructor: it is 6 letters and digits.');
    if (stateOf(w, clock.now()) === 'ended') throw new BoxlabError(errorCodes.WORKSHOP_ENDED, `The workshop "${w.title}" has ended.`);
    const isMember = () => store.members(w.id).some((m) => m.learner === learner);
    if (!isMember() && w.passwordHash && !(await verifyPassword(input.password ?? '', w.passwordHash))) {
      throw new BoxlabError(errorCodes.WORKSHOP_PASSWORD, 'That is not the workshop’s password. Ask your instructor for it.');
    }
    // From here to the insert there is no await: two learners joining at once cannot both take the last place.
    if (isMember()) store.activateMember(w.id, learner, clock.now());
    else {
      if (store.members(w.id).length >= w.capacity) throw new BoxlabError(errorCodes.WORKSHOP_FULL, `The workshop "${w.title}" is full (${w.capacity} places). Tell your instructor.`);
      store.addMember({ workshop: w.id, member: newId(), learner, name: input.name, joinedAt: clock.now() });
      this.deps.events.emit(w.id, { type: 'changed' });
    }
    return this.learnerView(learner)!;
  }

  /** The learner's current workshop (the one they joined last), while it has not ended. */
  membership(learner: string): { workshop: WorkshopRecord; member: MemberRecord } | undefined {
    const member = this.deps.store.membershipOf(learner);
    const workshop = member && this.deps.store.workshop(member.workshop);
    return workshop && member ? { workshop, member } : undefined;
  }

  learnerView(learner: string): LearnerWorkshopView | undefined {
    const mine = this.membership(learner);
    if (!mine) return undefined;
    const { workshop: w, member } = mine;
    return {
      id: w.id,
      title: w.title,
      endsAt: w.endedAt ?? w.endsAt,
      state: stateOf(w, this.deps.clock.now()),
      firstLesson: w.lessons[0]!,
      lessons: w.lessons,
      name: member.name,
      messages: this.deps.store.messages(w.id, MESSAGES_KEPT),
    };
  }

  /**
   * How a learner's sandboxes are started: inside a live workshop, counted per learner (a class behind one address
   * is not refused) and living the workshop's sandbox lifetime.
   */
  acquirePolicy(learner: string): { perAddress: boolean; ttlMs: number | undefined } {
    const mine = this.membership(learner);
    if (!mine || stateOf(mine.workshop, this.deps.clock.now()) === 'ended') return { perAddress: true, ttlMs: undefined };
    return { perAddress: false, ttlMs: mine.workshop.sandboxMinutes * 60_000 };
  }

  member(workshop: string, memberId: string): MemberRecord {
    const m = this.deps.store.members(workshop).find((x) => x.member === memberId);
    if (!m) throw new BoxlabError(errorCodes.UNKNOWN_MEMBER, 'This learner is not in the workshop.');
    return m;
  }

  /** The learner's sandboxes for this workshop's lessons. */
  private sandboxesOf(w: WorkshopRecord, learner: string) {
    return this.deps.manager.list().filter((s) => s.learner === learner && w.lessons.includes(s.lesson));
  }

  /** Remove the learner's sandboxes for the workshop's lessons: their next page load starts fresh ones. */
  async reset(workshop: string, memberId: string): Promise<number> {
    const w = this.get(workshop);
    const m = this.member(w.id, memberId);
    const removed = await this.removeAll(this.sandboxesOf(w, m.learner), 'reset by the instructor');
    this.deps.events.emit(w.id, { type: 'changed' });
    return removed;
  }

  /** Remove each, going on past failures (the reaper retries those); returns how many went. */
  private async removeAll(sandboxes: ClaimedSandbox[], reason: string): Promise<number> {
    const results = await Promise.allSettled(sandboxes.map((s) => this.deps.manager.remove(s, reason)));
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  /** Extend one learner's sandboxes, or everyone's. Returns how many were extended. */
  async extend(workshop: string, memberId: string | undefined): Promise<number> {
    const w = this.get(workshop);
    const learners = memberId ? [this.member(w.id, memberId).learner] : this.deps.store.members(w.id).map((m) => m.learner);
    let extended = 0;
    for (const learner of learners) {
      for (const s of this.sandboxesOf(w, learner)) {
        const before = s.expiresAt;
        if ((await this.deps.manager.extend(s, w.sandboxMinutes * 60_000)) > before) extended++;
      }
    }
    this.deps.events.emit(w.id, { type: 'changed' });
    return extended;
  }

  broadcast(workshop: string, text: string): void {
    const w = this.get(workshop);
    const at = this.deps.clock.now();
    this.deps.store.addMessage(w.id, at, text);
    this.deps.events.emit(w.id, { type: 'message', at, text });
    for (const m of this.deps.store.members(w.id)) for (const s of this.sandboxesOf(w, m.learner)) this.deps.notifySandbox(s.id, text);
  }

  /**
   * Pre-warm this many sandboxes (at most the places), kept as the share of the places pre-warm.ts reads: the
   * share is a hair under sandboxes/capacity so that its ceil(capacity × share) gives back exactly `sandboxes`.
   */
  setPrewarmSize(workshop: string, sandboxes: number): { sandboxes: number; share: number } {
    const w = this.get(workshop);
    if (stateOf(w, this.deps.clock.now()) === 'ended') throw new BoxlabError(errorCodes.WORKSHOP_ENDED, 'This workshop has ended: nothing is pre-warmed for it any more.');
    const n = Math.min(sandboxes, w.capacity);
    const share = n === 0 ? 0 : n === w.capacity ? 1 : (n - 1e-6) / w.capacity;
    this.deps.store.setPrewarmShare(w.id, share);
    this.deps.events.emit(w.id, { type: 'changed' });
    return { sandboxes: n, share };
  }

  /** End now: every member's sandbox for the workshop is removed, nothing is left running. */
  async end(workshop: string): Promise<number> {
    const w = this.get(workshop);
    this.deps.store.endWorkshop(w.id, this.deps.clock.now());
    const learners = new Set(this.deps.store.members(w.id).map((m) => m.learner));
    const theirs = this.deps.manager.list().filter((s) => learners.has(s.learner) && w.lessons.includes(s.lesson));
    const removed = await this.removeAll(theirs, 'the workshop ended');
    this.deps.events.emit(w.id, { type: 'ended' });
    this.deps.events.emit(w.id, { type: 'changed' });
    return removed;
  }
}
