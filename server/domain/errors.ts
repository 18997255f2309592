/**
 * Coded errors. `message` is a sentence for the learner or operator that says what to do next;
 * details for the log go in `cause`. The codes and their HTTP statuses are a contract (contracts/errors.ts).
 */
import type { ErrorCode } from '../contracts/errors.ts';

export class BoxlabError extends Error {
  override name = 'BoxlabError';
  readonly code: ErrorCode;
  /** When trying again can help, if this error knows better than `retryAfterMsOf` (a rate limit's own wait). */
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
