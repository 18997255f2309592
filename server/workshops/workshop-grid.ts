/**
 * Gathers what the grid shows, from the store (members, visits, passes, checks), the manager (sandboxes) and the
 * terminal registry (open terminals), and turns it into the grid (grid.ts) and the exports.
 */
import type { CheckAttemptView, WorkshopGrid } from '../contracts/workshop.ts';
import { cellKey } from '../contracts/workshop.ts';
import type { Clock } from '../domain/clock.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { Store } from '../store/store.ts';
import type { MemberRecord, WorkshopRecord } from '../store/workshop-store.ts';
import { gridColumns, gridRow, type ExerciseColumn, type LearnerFacts } from './grid.ts';
import type { Prewarm } from './prewarm.ts';
import type { WorkshopService } from './workshop-service.ts';

export interface GridSourceDeps {
  store: Store;
  manager: SandboxManager;
  service: WorkshopService;
  prewarm: Prewarm;
  clock: Clock;
  terminalsOf: (sandboxId: string) => string[];
  /** Lesson id → its exercises' ids and titles. */
  exercisesOf: (lesson: string) => { id: string; title: string }[];
}

/** How many of a learner's last checks the instructor can read. */
const ATTEMPTS_SHOWN = 10;

export class WorkshopGridSource {
  private readonly deps: GridSourceDeps;

  constructor(deps: GridSourceDeps) {
    this.deps = deps;
  }

  private columns(w: WorkshopRecord): ExerciseColumn[] {
    return w.lessons.flatMap((lesson) => this.deps.exercisesOf(lesson).map((e) => ({ lesson, exercise: e.id, title: e.title })));
  }

  private facts(w: WorkshopRecord, member: MemberRecord): LearnerFacts {
    const { store, manager } = this.deps;
    const progress = store.progress(member.learner);
    const lessons = w.lessons.filter((l) => progress.lessons[l]?.visitedAt !== undefined);
    const current = lessons.sort((a, b) => progress.lessons[b]!.visitedAt! - progress.lessons[a]!.visitedAt!)[0];
    const sandbox = current === undefined ? undefined : manager.find(member.learner, current);
    return {
      member,
      progress,
      attempts: store.attemptOutcomes(member.learner, member.joinedAt).filter((a) => w.lessons.includes(a.lesson)),
      sandbox: {
        state: sandbox ? 'running' : 'none',
        lastActivityAt: sandbox?.lastActivityAt,
        attached: sandbox?.attachedClients ?? 0,
        terminals: sandbox ? this.deps.terminalsOf(sandbox.id) : [],
      },
    };
  }

  grid(id: string): WorkshopGrid {
    const w = this.deps.service.get(id);
    const now = this.deps.clock.now();
    const columns = this.columns(w);
    const rows = this.deps.store.members(w.id).map((m) => gridRow(this.facts(w, m), columns, w.lessons, now));
    return { workshop: this.deps.service.summary(w), columns: gridColumns(columns, rows), rows, at: now, prewarm: this.deps.prewarm.status(w) };
  }

  /** The learner's last checks in this workshop, newest last. */
  attempts(id: string, memberId: string): CheckAttemptView[] {
    const w = this.deps.service.get(id);
    const m = this.deps.service.member(w.id, memberId);
    return this.deps.store
      .attempts(m.learner, m.joinedAt)
      .filter((a) => w.lessons.includes(a.lesson))
      .slice(-ATTEMPTS_SHOWN)
      .map(({ lesson, exercise, status, output, at }) => ({ lesson, exercise, status, output, at }));
  }

  /** One row per learner: name, joined, current lesson and exercise, then passed (1/0) per exercise. */
  csv(id: string): string {
    const g = this.grid(id);
    const quote = (v: string | number | undefined) => {
      const text = v === undefined ? '' : String(v);
      // A cell starting with = + - @ is a formula to a spreadsheet: make it text.
      const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
      return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const header = ['name', 'joined_at', 'lesson', 'exercise', 'passed_count', ...g.columns.map((c) => cellKey(c.lesson, c.exercise))];
    const lines = g.rows.map((r) => {
      const cells = g.columns.map((c) => (r.cells[cellKey(c.lesson, c.exercise)]?.passed ? 1 : 0));
      return [r.name, new Date(r.joinedAt).toISOString(), r.lesson, r.exercise, cells.reduce<number>((a, b) => a + b, 0), ...cells].map(quote).join(',');
    });
    return [header.join(','), ...lines].join('\n') + '\n';
  }
}
