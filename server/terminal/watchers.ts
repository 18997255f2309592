/**
 * Who is watching which shell over a learner's shoulder, so the learner can be told (the protocol's `notice`
 * `watched`, with the count) when someone starts or stops.
 */
import type { TerminalSession } from './terminal-session.ts';

export const WATCHED_TEXT = 'Your instructor is watching this terminal (they can see it, not type in it).';
export const UNWATCHED_TEXT = 'Nobody is watching this terminal any more.';

export class Watchers {
  private readonly counts = new WeakMap<TerminalSession, number>();

  count(session: TerminalSession): number {
    return this.counts.get(session) ?? 0;
  }

  /** One more watcher; everyone on the shell is told. Returns the function that ends this watch. */
  watch(session: TerminalSession): () => void {
    this.changeBy(session, 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.changeBy(session, -1);
    };
  }

  private changeBy(session: TerminalSession, delta: number): void {
    const n = Math.max(0, this.count(session) + delta);
    this.counts.set(session, n);
    session.notify({ type: 'notice', kind: 'watched', text: n > 0 ? WATCHED_TEXT : UNWATCHED_TEXT, watchers: n });
  }
}
