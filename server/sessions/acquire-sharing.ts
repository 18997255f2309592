/**
 * Two ways acquires wait for each other, apart from what they wait for. Pure (promises and abort signals only).
 * - Calls for the same learner and lesson (two terminals on a page, two tabs) share one acquire, which stops
 *   waiting only when all of its callers have left, and `graceMs` after that: one tab closing must not cancel the
 *   other's place in the queue, and a page whose connection dropped for a moment comes back to its place.
 * - One learner's acquires for different lessons take turns, so each counts the sandboxes of the one before.
 */
import type { StartStep } from '../contracts/start-steps.ts';

export interface Caller {
  /** The caller left (closed the page); it stops waiting for the shared acquire. */
  signal?: AbortSignal | undefined;
  /** Told the learner's place in the queue while all sandboxes are busy. */
  onQueued?: ((position: number) => void) | undefined;
  /** Told each step of the start (creating, the engine starting, setup); a caller who joins late hears the last. */
  onStep?: ((step: StartStep) => void) | undefined;
}

/** What the shared work is given: one signal that aborts when every caller has left, one place to tell them all. */
export interface SharedCaller {
  signal: AbortSignal;
  onQueued: (position: number) => void;
  onStep: (step: StartStep) => void;
}

interface Shared<T> {
  readonly work: Promise<T>;
  /** Callers still waiting; one without a signal never leaves. */
  callers: number;
  readonly stop: AbortController;
  readonly listeners: Set<(position: number) => void>;
  readonly stepListeners: Set<(step: StartStep) => void>;
  lastStep: StartStep | undefined;
}

export class SharedAcquires<T> {
  private readonly inFlight = new Map<string, Shared<T>>();
  private readonly graceMs: number;

  /** `graceMs`: how long an acquire whose callers all left waits for one to come back before it stops. */
  constructor(graceMs = 0) {
    this.graceMs = graceMs;
  }

  /** Join the acquire running under `key`, or start `start` as it if none is. */
  join(key: string, caller: Caller, start: (shared: SharedCaller) => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      this.enter(running, caller);
      return running.work;
    }
    const stop = new AbortController();
    const listeners = new Set<(position: number) => void>();
    const stepListeners = new Set<(step: StartStep) => void>();
    const onStep = (step: StartStep) => {
      entry.lastStep = step;
      stepListeners.forEach((tell) => tell(step));
    };
    const work = start({ signal: stop.signal, onQueued: (p) => listeners.forEach((tell) => tell(p)), onStep }).finally(() => {
      if (this.inFlight.get(key)?.work === work) this.inFlight.delete(key);
    });
    const entry: Shared<T> = { work, callers: 0, stop, listeners, stepListeners, lastStep: undefined };
    this.enter(entry, caller);
    this.inFlight.set(key, entry);
    return work;
  }

  private enter(entry: Shared<T>, caller: Caller): void {
    entry.callers++;
    const tell = caller.onQueued;
    if (tell) entry.listeners.add(tell);
    const step = caller.onStep;
    if (step) {
      entry.stepListeners.add(step);
      if (entry.lastStep) step(entry.lastStep);
    }
    const signal = caller.signal;
    if (!signal) return;
    const leave = () => {
      if (tell) entry.listeners.delete(tell);
      if (step) entry.stepListeners.delete(step);
      if (--entry.callers > 0) return;
      if (this.graceMs === 0) return entry.stop.abort();
      const timer = setTimeout(() => entry.callers === 0 && entry.stop.abort(), this.graceMs);
      timer.unref?.();
    };
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
  }
}

/** Runs each key's tasks one after the other (a failed task does not stop the next). */
export class Turns {
  private readonly last = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.last.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(task);
    this.last.set(key, mine);
    const done = () => {
      if (this.last.get(key) === mine) this.last.delete(key);
    };
    mine.then(done, done);
    return mine;
  }
}
