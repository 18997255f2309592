/**
 * Workshops, wired: the service, its events, the grid, the pre-warm, and what the rest of the server asks of them
 * (record a check, count a member per learner, who an instructor may watch). app.ts builds one.
 */
import type { CheckResponse } from '../contracts/api.ts';
import type { Clock } from '../domain/clock.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { NetworkMode } from '../contracts/lesson.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { Store } from '../store/store.ts';
import { Prewarm } from './prewarm.ts';
import { Rehearsals, type RehearsalTerminal } from './rehearsal.ts';
import { WorkshopEvents } from './workshop-events.ts';
import { WorkshopGridSource } from './workshop-grid.ts';
import { WorkshopService } from './workshop-service.ts';

export interface ClassroomDeps {
  store: Store;
  manager: SandboxManager;
  catalog: ProfileCatalog;
  clock: Clock;
  lessons: ReadonlyMap<string, { profile?: string | undefined; network?: NetworkMode | undefined; nodes?: readonly string[] | undefined; exercises: { id: string; title: string }[] }>;
  terminalsOf: (sandboxId: string) => string[];
  notifySandbox: (sandboxId: string, text: string) => void;
  maxSandboxes: number;
  minFreeMemoryMb: number;
  availableMemoryMb: () => Promise<number>;
  /** A terminal attached to a sandbox inside the server, for the rehearsal (terminal/local-terminal.ts). */
  openTerminal: (sandbox: ClaimedSandbox) => Promise<RehearsalTerminal>;
}

export function createClassroom(deps: ClassroomDeps) {
  const events = new WorkshopEvents();
  const service = new WorkshopService({ ...deps, events, hasLesson: (l) => deps.lessons.has(l) });
  const prewarm = new Prewarm({ ...deps, profileOf: (l) => deps.lessons.get(l)?.profile ?? 'shell', nodesOf: (l) => deps.lessons.get(l)?.nodes });
  const grid = new WorkshopGridSource({ ...deps, service, prewarm, exercisesOf: (l) => deps.lessons.get(l)?.exercises ?? [] });
  const lessonNeeds = (l: string) => ({ profile: deps.lessons.get(l)?.profile ?? 'shell', network: deps.lessons.get(l)?.network ?? 'none' });
  const rehearsals = new Rehearsals({ ...deps, lessonNeeds });
  const memberWorkshop = (learner: string) => service.membership(learner)?.workshop.id;
  let prewarmPending: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const prewarmSoon = () => {
    if (closed) return;
    prewarmPending ??= setTimeout(() => {
      prewarmPending = undefined;
      void prewarm.update().catch(() => undefined);
    }, 50);
  };
  return {
    events,
    service,
    prewarm,
    grid,
    rehearsals,
    /**
     * A workshop member's checks are kept (the grid's failures, the instructor's look at outputs) and their grid is
     * told. Checks the page ran by itself count only when they pass: a failed one says only that the learner is
     * still working (the page checks after every command and every 20 s), not that they tried and failed.
     */
    observer: {
      checked(learner: string, result: CheckResponse, auto: boolean) {
        const workshop = memberWorkshop(learner);
        if (!workshop || (auto && !result.passed)) return;
        deps.store.recordAttempt({ learner, lesson: result.lesson, exercise: result.exercise, status: result.status, output: result.message, at: deps.clock.now() });
        events.emit(workshop, { type: 'changed' });
      },
      visited(learner: string) {
        const workshop = memberWorkshop(learner);
        if (workshop) events.emit(workshop, { type: 'changed' });
      },
    },
    /** A sandbox of a member was handed over or removed: their row changes. */
    sandboxChanged(learner: string) {
      const workshop = memberWorkshop(learner);
      if (!workshop) return;
      events.emit(workshop, { type: 'changed' });
      // A member took a pre-warmed sandbox: the target drops now, not at the next tick, or the pool refills
      // behind a class while it arrives (10 extra sandboxes for a class of 30, measured).
      prewarmSoon();
    },
    acquirePolicy: (learner: string) => service.acquirePolicy(learner),
    /** The server is closing: no more pre-warm updates (they would act on sandboxes the next server adopts). */
    close() {
      closed = true;
      clearTimeout(prewarmPending);
    },
    /** Any signed-in instructor may watch any workshop's member: instructors of one server are one staff. */
    watchTarget(_instructor: string, watch: { workshop: string; member: string }) {
      const w = service.get(watch.workshop);
      const member = service.member(w.id, watch.member);
      const progress = deps.store.progress(member.learner);
      const visited = w.lessons.filter((l) => progress.lessons[l]?.visitedAt !== undefined);
      const lesson = visited.sort((a, b) => progress.lessons[b]!.visitedAt! - progress.lessons[a]!.visitedAt!)[0];
      return { learner: member.learner, lesson };
    },
  };
}
export type Classroom = ReturnType<typeof createClassroom>;
