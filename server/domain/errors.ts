/**
 * Coded errors. `message` is a sentence for the learner or operator that says what to do next;
 * details for the log go in `cause`. The codes and their HTTP statuses are a contract (contracts/errors.ts).
 */
import type { ErrorCode } from '../contracts/errors.ts';

export class BoxlabError extends Error {
  override name = 'BoxlabError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
