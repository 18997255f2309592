/**
 * Pre-warm: from shortly before a workshop starts (or when its instructor asks), keep started sandboxes of its first
 * lesson's profile ready for the share of its capacity it asked, less those who already have one, within what this
 * host can hold. The manager's pool does the starting (setPoolTarget); this decides how many. A lab lesson (`nodes`)
 * is kept as ready labs (setLabPoolTarget), one per learner, each N sandboxes for the host's room.
 */
import type { Clock } from '../domain/clock.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { Store } from '../store/store.ts';
import type { WorkshopRecord } from '../store/workshop-store.ts';
import { shapeKey, type LabShape } from '../sessions/lab.ts';
import { hostCanHold } from './grid.ts';
import { stateOf } from './workshop-service.ts';

/** How long before the start the pre-warm begins by itself. */
export const PREWARM_LEAD_MS = 15 * 60_000;
/** A member who opened a lesson this recently and has no sandbox yet is still getting one (queued, or claiming). */
export const ARRIVING_MS = 2 * 60_000;

export interface PrewarmDeps {
  store: Store;
  manager: SandboxManager;
  catalog: ProfileCatalog;
  clock: Clock;
  profileOf: (lesson: string) => string;
  /** A lab lesson's machines; undefined: one sandbox. */
  nodesOf?: ((lesson: string) => readonly string[] | undefined) | undefined;
  maxSandboxes: number;
  minFreeMemoryMb: number;
  /** MiB the host can still give. */
  availableMemoryMb: () => Promise<number>;
}

export class Prewarm {
  private readonly deps: PrewarmDeps;
  /** Workshops whose instructor asked for it before the lead time. */
  private readonly asked = new Set<string>();
  private lastHostCanHold = new Map<string, number>();
  /** Each workshop's `wanted` as the last update counted it: the grid shows it without reading every member again. */
  private lastWanted = new Map<string, number>();

  constructor(deps: PrewarmDeps) {
    this.deps = deps;
  }

  private profile(w: WorkshopRecord): string {
    return this.deps.profileOf(w.lessons[0]!);
  }

  /** The first lesson's lab shape, when it is a lab. */
  private lab(w: WorkshopRecord): LabShape | undefined {
    const nodes = this.deps.nodesOf?.(w.lessons[0]!);
    return nodes && { profile: this.profile(w), nodes };
  }

  /** Lab shapes this pre-warm asked labs for at the last update: one no workshop wants any more goes back to 0. */
  private labShapes = new Map<string, LabShape>();

  /** Sandboxes wanted ready now for this workshop (before the host's limit). */
  wanted(w: WorkshopRecord): number {
    const now = this.deps.clock.now();
    const state = stateOf(w, now);
    if (state === 'ended' || (now < w.startsAt - PREWARM_LEAD_MS && !this.asked.has(w.id))) return 0;
    const share = Math.ceil(w.capacity * w.prewarmShare);
    const members = this.deps.store.members(w.id);
    // Who will still ask for a first sandbox: those not joined yet, and members who have not opened a lesson of
    // the workshop (one who moved on to lesson 3 needs no lesson-1 sandbox any more).
    const started = new Set(this.deps.manager.list().filter((s) => w.lessons.includes(s.lesson)).map((s) => s.learner));
    const waiting = members.filter((m) => !started.has(m.learner) && this.stillComing(w, m.learner, now)).length;
    return Math.min(Math.max(0, share - members.length) + waiting, share);
  }

  /**
   * A member with no sandbox for the workshop's lessons who has not opened one of them, or opened one moments ago:
   * their terminal is on its way. Counting a fresh visit as "done" trimmed the pool under a class of 100 while it
   * arrived (visits come before the claims, which wait on the engine), and two thirds of it then got sandboxes
   * made from nothing.
   */
  private stillComing(w: WorkshopRecord, learner: string, now: number): boolean {
    const lessons = this.deps.store.progress(learner).lessons;
    const visits = w.lessons.map((l) => lessons[l]?.visitedAt).filter((at): at is number => at !== undefined);
    return visits.length === 0 || now - Math.max(...visits) < ARRIVING_MS;
  }

  ask(id: string): void {
    this.asked.add(id);
  }

  /** Set every profile's pre-warm target from the workshops that want one (run every few seconds). */
  async update(): Promise<void> {
    const { manager, catalog } = this.deps;
    const byProfile = new Map<string, number>();
    const byLab = new Map<string, { shape: LabShape; wanted: number }>();
    for (const w of this.deps.store.workshops()) {
      if (stateOf(w, this.deps.clock.now()) === 'ended') {
        this.lastWanted.delete(w.id);
        continue;
      }
      const p = this.profile(w);
      const wanted = this.wanted(w);
      this.lastWanted.set(w.id, wanted);
      const lab = this.lab(w);
      if (lab) byLab.set(shapeKey(lab), { shape: lab, wanted: (byLab.get(shapeKey(lab))?.wanted ?? 0) + wanted });
      else byProfile.set(p, (byProfile.get(p) ?? 0) + wanted);
    }
    const available = await this.deps.availableMemoryMb();
    for (const [key, shape] of this.labShapes) if (!byLab.has(key)) void manager.setLabPoolTarget(shape, 'workshops', 0);
    this.labShapes = new Map([...byLab].map(([key, { shape }]) => [key, shape]));
    for (const [key, { shape, wanted }] of byLab) {
      const entry = catalog.get(shape.profile);
      if (!entry) continue;
      // Each lab is as many sandboxes as it has machines, for the memory and the slots alike.
      const canHold =
        manager.warmLabs(shape) +
        Math.floor(hostCanHold({ availableMb: available, reserveMb: this.deps.minFreeMemoryMb, perSandboxMb: entry.profile.limits.memoryMb, freeSlots: this.deps.maxSandboxes - manager.size }) / shape.nodes.length);
      this.lastHostCanHold.set(key, canHold);
      void manager.setLabPoolTarget(shape, 'workshops', Math.min(wanted, canHold));
    }
    for (const [name, entry] of catalog) {
      const pooled = manager.pooled(name).length;
      const canHold = pooled + hostCanHold({
        availableMb: available,
        reserveMb: this.deps.minFreeMemoryMb,
        perSandboxMb: entry.profile.limits.memoryMb,
        freeSlots: this.deps.maxSandboxes - manager.size,
      });
      this.lastHostCanHold.set(name, canHold);
      manager.setPoolTarget(name, 'workshops', Math.min(byProfile.get(name) ?? 0, canHold));
    }
  }

  status(w: WorkshopRecord): { wanted: number; ready: number; hostCanHold: number } {
    const lab = this.lab(w);
    if (lab) return { wanted: this.lastWanted.get(w.id) ?? this.wanted(w), ready: this.deps.manager.warmLabs(lab), hostCanHold: this.lastHostCanHold.get(shapeKey(lab)) ?? 0 };
    const p = this.profile(w);
    // Counted at the last update (every few seconds, and just after each claim): a grid computed for every change
    // while a class of 100 arrives would otherwise read each member's progress each time.
    return { wanted: this.lastWanted.get(w.id) ?? this.wanted(w), ready: this.deps.manager.pooled(p).length, hostCanHold: this.lastHostCanHold.get(p) ?? 0 };
  }
}
