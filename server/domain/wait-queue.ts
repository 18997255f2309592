/**
 * First come, first served wait for a free sandbox slot. Each waiter learns its position as it moves up.
 */
import { BoxlabError } from './errors.ts';
import { errorCodes } from '../contracts/errors.ts';

interface Waiter {
  wake: () => void;
  fail: (err: Error) => void;
  onPosition: (position: number) => void;
}

export class WaitQueue {
  private readonly waiters: Waiter[] = [];

  get length(): number {
    return this.waiters.length;
  }

  /** Resolves when woken; rejects on timeout (0: none) or abort. `onPosition` gets 1 for the head of the queue. */
  wait(options: { timeoutMs: number; signal?: AbortSignal | undefined; onPosition: (position: number) => void }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        this.announce();
      };
      const waiter: Waiter = {
        wake: () => (leave(), resolve()),
        fail: (err) => (leave(), reject(err)),
        onPosition: options.onPosition,
      };
      const timer =
        options.timeoutMs > 0
          ? setTimeout(() => waiter.fail(new BoxlabError(errorCodes.CAPACITY, 'All sandboxes are still busy. Your terminal tries again in a moment.')), options.timeoutMs)
          : undefined;
      const onAbort = () => waiter.fail(new BoxlabError(errorCodes.CAPACITY, 'Stopped waiting for a sandbox.'));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      options.onPosition(this.waiters.length);
    });
  }

  /** A slot freed up: let the first waiter try. */
  wakeOne(): void {
    this.waiters[0]?.wake();
  }

  private announce(): void {
    this.waiters.forEach((w, i) => w.onPosition(i + 1));
  }
}
