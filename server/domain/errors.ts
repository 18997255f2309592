/**
 * Coded errors. `message` is a sentence for the learner or operator that says what to do next;
 * details for the log go in `cause`.
 */
export const errorCodes = {
  UNAUTHENTICATED: 'unauthenticated',
  ORIGIN_REFUSED: 'origin_refused',
  BAD_MESSAGE: 'bad_message',
  CAPACITY: 'capacity',
  IMAGE_MISSING: 'image_missing',
  SANDBOX_FAILED: 'sandbox_failed',
  TERMINAL_FAILED: 'terminal_failed',
  UNKNOWN_LESSON: 'unknown_lesson',
  RATE_LIMITED: 'rate_limited',
  HOST_BUSY: 'host_busy',
  PROFILE_UNAVAILABLE: 'profile_unavailable',
  UNKNOWN_EXERCISE: 'unknown_exercise',
  NO_SANDBOX: 'no_sandbox',
  READ_ONLY: 'read_only',
  INPUT_FULL: 'input_full',
} as const;
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

export class BoxlabError extends Error {
  override name = 'BoxlabError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
