/**
 * Rehearse a workshop's start on this host: N simulated learners (random ids, never members) arrive within one
 * second and get a sandbox for the workshop's first lesson through the manager and the terminal path, as real
 * learners do (from the pre-warmed pool when it has some); each waits for the first prompt and types a few
 * commands (simulated-learner.ts, which the workshop bench runs too). The figures, the verdict and the pool size to
 * use come from rehearsal-verdict.ts; every rehearsal sandbox is removed before the answer. One rehearsal at a
 * time on a server; none while real learners wait for a sandbox, and one that is running stops as soon as one
 * does, so it never takes a place a learner is queued for.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errorCodes } from '../contracts/errors.ts';
import type { NetworkMode } from '../contracts/lesson.ts';
import { MAX_REHEARSAL_LEARNERS, type RehearsalResult, type RehearsalStatus } from '../contracts/workshop.ts';
import { BoxlabError } from '../domain/errors.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { WorkshopRecord } from '../store/workshop-store.ts';
import { hostCanHold } from './grid.ts';
import { judgeBurst, spread, type Arrival } from './rehearsal-verdict.ts';
import { arrivalOffsetMs, FIRST_COMMANDS, KEY_GAP_MS, typeCommands, waitForPrompt, type SimTerminal } from './simulated-learner.ts';

export { MAX_REHEARSAL_LEARNERS };
export type { RehearsalResult, RehearsalStatus };
export const rehearseSchema = z.object({ learners: z.number().int().min(1).max(MAX_REHEARSAL_LEARNERS) });

/** Bounds: one learner's first prompt, each echo, the whole rehearsal, and how long a leftover sandbox could live. */
const PROMPT_TIMEOUT_MS = 60_000;
const KEY_TIMEOUT_MS = 10_000;
const REHEARSAL_DEADLINE_MS = 180_000;
const REHEARSAL_SANDBOX_TTL_MS = 10 * 60_000;
const MEMORY_SAMPLE_MS = 250;
const REMOVALS_AT_ONCE = 8;

export interface RehearsalTerminal extends SimTerminal {
  close(): void;
}

export interface RehearsalDeps {
  manager: SandboxManager;
  catalog: ProfileCatalog;
  lessonNeeds: (lesson: string) => { profile: string; network: NetworkMode };
  /** A terminal on the sandbox, attached as a learner's would be (terminal/local-terminal.ts). */
  openTerminal: (sandbox: ClaimedSandbox) => Promise<RehearsalTerminal>;
  availableMemoryMb: () => Promise<number>;
  minFreeMemoryMb: number;
  maxSandboxes: number;
  /** Time between a simulated learner's keys (default: a quick typist's). */
  keyGapMs?: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export class Rehearsals {
  private readonly deps: RehearsalDeps;
  private current: RehearsalStatus = { state: 'idle', workshop: undefined, learners: 0, acquired: 0, prompted: 0, typed: 0, failed: 0, removed: 0, startedAt: undefined, result: undefined };

  constructor(deps: RehearsalDeps) {
    this.deps = deps;
  }

  status(): RehearsalStatus {
    return { ...this.current };
  }

  /** Refuses (coded errors) when one is running, learners are queued, or the host has no room for `learners`. */
  async run(w: WorkshopRecord, learners: number): Promise<RehearsalResult> {
    const { manager } = this.deps;
    if (this.current.state === 'running') {
      throw new BoxlabError(errorCodes.REHEARSAL_BUSY, `A rehearsal of ${this.current.learners} learners is running on this server; wait for its figures, then try again.`);
    }
    if (manager.queued > 0) {
      throw new BoxlabError(errorCodes.HOST_BUSY, `${manager.queued} learners are waiting for a sandbox now; a rehearsal would take their places. Try again when nobody waits.`);
    }
    const lesson = w.lessons[0]!;
    const needs = this.deps.lessonNeeds(lesson);
    const room = this.deps.maxSandboxes - manager.size + manager.pooled(needs.profile).length;
    if (learners > room) {
      throw new BoxlabError(errorCodes.CAPACITY, `This server has room for ${Math.max(0, room)} more learners now (BOXLAB_MAX_SANDBOXES is ${this.deps.maxSandboxes}); rehearse with at most that many.`);
    }
    const startedAt = Date.now();
    this.current = { state: 'running', workshop: w.id, learners, acquired: 0, prompted: 0, typed: 0, failed: 0, removed: 0, startedAt, result: undefined };
    try {
      const result = await this.rehearse(w.id, lesson, needs, learners, startedAt);
      this.current = { ...this.current, state: 'done', result };
      return result;
    } catch (err) {
      this.current = { ...this.current, state: 'idle' };
      throw err;
    }
  }

  private async rehearse(workshop: string, lesson: string, needs: { profile: string; network: NetworkMode }, learners: number, startedAt: number): Promise<RehearsalResult> {
    const { manager } = this.deps;
    const progress = this.current;
    const pooledIds = new Set(manager.pooled(needs.profile).map((s) => s.id));
    const memory = { before: await this.deps.availableMemoryMb(), lowest: Infinity };
    const rssBefore = mb(process.memoryUsage().rss);
    const rss = { before: rssBefore, peak: rssBefore };
    const stop = new AbortController();
    const terminals: RehearsalTerminal[] = [];
    let stopped: string | undefined;
    // Waiting learners stop waiting, typing ones stop typing (their terminals close), and everything is removed.
    const halt = (why: string) => {
      stopped ??= why;
      stop.abort();
      for (const t of terminals) t.close();
    };
    // Our own learners in the queue (onQueued): any more waiting are real learners, who go first.
    const queuedOwn = new Set<string>();
    const sample = async () => {
      memory.lowest = Math.min(memory.lowest, await this.deps.availableMemoryMb());
      rss.peak = Math.max(rss.peak, mb(process.memoryUsage().rss));
      if (manager.queued > queuedOwn.size) halt('learners came to wait for a sandbox, so the rehearsal stopped and gave its places back');
    };
    const sampler = setInterval(() => void sample(), MEMORY_SAMPLE_MS);
    const deadline = setTimeout(() => halt(`it ran past ${REHEARSAL_DEADLINE_MS / 1000} s`), REHEARSAL_DEADLINE_MS);
    const ids = Array.from({ length: learners }, () => randomUUID());
    const echoes: number[] = [];
    const acquireMs: number[] = [];
    let arrivals: Arrival[];
    let removed: number;
    try {
      arrivals = await Promise.all(
        ids.map(async (learner, i): Promise<Arrival> => {
          await new Promise((resolve) => setTimeout(resolve, arrivalOffsetMs(i, learners)));
          const started = performance.now();
          let fromPool = false;
          try {
            const sandbox = await manager.acquire(learner, lesson, needs.profile, {
              network: needs.network,
              ttlMs: REHEARSAL_SANDBOX_TTL_MS,
              signal: stop.signal,
              onQueued: () => queuedOwn.add(learner),
            });
            queuedOwn.delete(learner);
            acquireMs.push(performance.now() - started);
            progress.acquired++;
            fromPool = pooledIds.has(sandbox.id);
            if (stop.signal.aborted) throw new Error(stopped ?? 'stopped');
            const terminal = await this.deps.openTerminal(sandbox);
            terminals.push(terminal);
            if (stop.signal.aborted) terminal.close();
            await waitForPrompt(terminal, PROMPT_TIMEOUT_MS);
            const ttfpMs = performance.now() - started;
            progress.prompted++;
            if (!stop.signal.aborted) echoes.push(...(await typeCommands(terminal, FIRST_COMMANDS, { keyGapMs: this.deps.keyGapMs ?? KEY_GAP_MS, timeoutMs: KEY_TIMEOUT_MS })));
            progress.typed++;
            return { ttfpMs, fromPool };
          } catch (err) {
            progress.failed++;
            return { ttfpMs: undefined, fromPool, error: err instanceof Error ? err.message : String(err) };
          } finally {
            queuedOwn.delete(learner);
          }
        }),
      );
      await sample();
    } finally {
      clearInterval(sampler);
      clearTimeout(deadline);
      for (const t of terminals) t.close();
      removed = await this.removeAll(new Set(ids), () => progress.removed++);
    }
    const after = await this.deps.availableMemoryMb();
    const free = this.deps.maxSandboxes - manager.size;
    const perSandboxMb = this.deps.catalog.get(needs.profile)?.profile.limits.memoryMb ?? 256;
    const canHold = manager.pooled(needs.profile).length + hostCanHold({ availableMb: after, reserveMb: this.deps.minFreeMemoryMb, perSandboxMb, freeSlots: free });
    const verdict = judgeBurst({
      arrivals,
      echoMs: echoes,
      memory: { beforeMb: memory.before, lowestMb: memory.lowest, reserveMb: this.deps.minFreeMemoryMb },
      hostCanHold: canHold,
    });
    if (stopped) {
      verdict.reasons.unshift(`The rehearsal stopped early: ${stopped}.`);
      verdict.holds = false;
    }
    const errors = [...new Set(arrivals.flatMap((a) => (a.error ? [a.error] : [])))].slice(0, 5);
    return {
      workshop,
      lesson,
      profile: needs.profile,
      learners,
      seconds: Math.round((Date.now() - startedAt) / 100) / 10,
      pool: { before: pooledIds.size, used: arrivals.filter((a) => a.fromPool).length },
      ttfpMs: spread(arrivals.flatMap((a) => (a.ttfpMs === undefined ? [] : [a.ttfpMs]))),
      acquireMs: spread(acquireMs),
      echoMs: spread(echoes),
      memoryMb: { before: Math.round(memory.before), lowest: Math.round(memory.lowest), after: Math.round(after), reserve: this.deps.minFreeMemoryMb },
      serverRssMb: rss,
      failures: arrivals.filter((a) => a.ttfpMs === undefined).length,
      errors,
      removed,
      stopped,
      verdict,
    };
  }

  /** Remove every sandbox of these (rehearsal) learners, a few at a time; returns how many. */
  private async removeAll(learners: ReadonlySet<string>, onRemoved: () => void): Promise<number> {
    const { manager } = this.deps;
    const leftover = manager.list().filter((s) => learners.has(s.learner));
    let next = 0;
    let removed = 0;
    const worker = async () => {
      while (next < leftover.length) {
        const sandbox = leftover[next++]!;
        // One the engine would not remove stays counted, and the reaper retries it.
        await manager.remove(sandbox, 'the rehearsal is over').then(
          () => (removed++, onRemoved()),
          () => undefined,
        );
      }
    };
    await Promise.all(Array.from({ length: REMOVALS_AT_ONCE }, worker));
    return removed;
  }
}
