/**
 * Every error code the server sends (JSON API bodies, terminal `error` frames), each with the HTTP status the
 * API answers it with: one registry, so a new code cannot come without its status. The server throws them as
 * `BoxlabError` (server/domain/errors.ts). Pure.
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
  /** Workshops: instructor pages and actions need a signed-in instructor. */
  INSTRUCTOR_ONLY: 'instructor_only',
  WORKSHOP_NOT_FOUND: 'workshop_not_found',
  WORKSHOP_FULL: 'workshop_full',
  WORKSHOP_ENDED: 'workshop_ended',
  WORKSHOP_PASSWORD: 'workshop_password',
  UNKNOWN_MEMBER: 'unknown_member',
  /** A workshop rehearsal is already running on this server. */
  REHEARSAL_BUSY: 'rehearsal_busy',
  /** Progress that travels: no learner has this resume code (mistyped, replaced, or deleted). */
  RESUME_CODE_UNKNOWN: 'resume_code_unknown',
  /** Take it home: the home folder or the built images are over the download's size limit. */
  TAKE_HOME_TOO_LARGE: 'take_home_too_large',
  /** The editor: a file refused (binary, too large, outside the home, a link leading out, not a file). */
  FILE_REFUSED: 'file_refused',
  /** The editor: the file changed in the sandbox since it was read; saving would overwrite someone's change. */
  FILE_CHANGED: 'file_changed',
  /** Anything unexpected: the client gets a generic sentence, the log gets the details. */
  INTERNAL: 'internal',
} as const;
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

/**
 * After how long trying again can help, per code, for the terminal's refusals (the rate limit says its own exact
 * wait). Codes missing here are not worth retrying: only the operator, the lesson or the learner can change them.
 */
export const retryAfterMsOf: Readonly<Partial<Record<ErrorCode, number>>> = {
  [errorCodes.CAPACITY]: 5_000,
  [errorCodes.HOST_BUSY]: 30_000,
  [errorCodes.SANDBOX_FAILED]: 5_000,
  [errorCodes.TERMINAL_FAILED]: 3_000,
  [errorCodes.RATE_LIMITED]: 60_000,
  [errorCodes.NO_SANDBOX]: 5_000,
};

/** 4xx: the request must change (or wait, for 429); 5xx: the server cannot serve it now. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  [errorCodes.BAD_MESSAGE]: 400,
  [errorCodes.UNAUTHENTICATED]: 401,
  [errorCodes.ORIGIN_REFUSED]: 403,
  [errorCodes.READ_ONLY]: 403,
  [errorCodes.UNKNOWN_LESSON]: 404,
  [errorCodes.UNKNOWN_EXERCISE]: 404,
  [errorCodes.NO_SANDBOX]: 409,
  [errorCodes.RATE_LIMITED]: 429,
  [errorCodes.INPUT_FULL]: 429,
  [errorCodes.INSTRUCTOR_ONLY]: 401,
  [errorCodes.WORKSHOP_PASSWORD]: 403,
  [errorCodes.WORKSHOP_NOT_FOUND]: 404,
  [errorCodes.UNKNOWN_MEMBER]: 404,
  [errorCodes.RESUME_CODE_UNKNOWN]: 404,
  [errorCodes.TAKE_HOME_TOO_LARGE]: 413,
  [errorCodes.FILE_REFUSED]: 422,
  [errorCodes.FILE_CHANGED]: 409,
  [errorCodes.WORKSHOP_FULL]: 409,
  [errorCodes.REHEARSAL_BUSY]: 409,
  [errorCodes.WORKSHOP_ENDED]: 410,
  [errorCodes.INTERNAL]: 500,
  [errorCodes.CAPACITY]: 503,
  [errorCodes.HOST_BUSY]: 503,
  [errorCodes.IMAGE_MISSING]: 503,
  [errorCodes.PROFILE_UNAVAILABLE]: 503,
  [errorCodes.SANDBOX_FAILED]: 503,
  [errorCodes.TERMINAL_FAILED]: 503,
};
