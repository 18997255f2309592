/**
 * What every JSON API route shares: its error answers (coded errors with their status, 5xx generic to the client
 * and detailed in the log), input parsing against the contracts, and who is asking.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeParse, type core } from 'zod/mini';
import type { ApiError } from '../contracts/api.ts';
import { errorCodes, httpStatusOf } from '../contracts/errors.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { LEARNER_COOKIE, parseCookies, verifyLearner } from './identity.ts';
import { isOriginAllowed } from './origin.ts';

/** The code apiErrorHandler answers `err` with (the metrics count refusals by it). */
export function apiErrorCode(err: Error): string {
  if (err instanceof BoxlabError) return err.code;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? errorCodes.BAD_MESSAGE : errorCodes.INTERNAL;
}

export function apiErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof BoxlabError) {
    const status = httpStatusOf[err.code];
    if (status >= 500) req.log.error({ err }, `api: ${err.code}`);
    const body: ApiError = { error: { code: err.code, message: err.message } };
    return reply.status(status).send(body);
  }
  // The framework's own refusals of a request (bad JSON, unsupported type, too large) are the client's error.
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const body: ApiError = { error: { code: errorCodes.BAD_MESSAGE, message: err.message } };
    return reply.status(status).send(body);
  }
  // 5xx: generic for the learner, detailed in the log.
  req.log.error({ err }, 'api: unexpected error');
  const body: ApiError = { error: { code: errorCodes.INTERNAL, message: 'Something went wrong on the server. Please try again.' } };
  return reply.status(httpStatusOf[errorCodes.INTERNAL]).send(body);
}

/** Parse route params, a query or a body; a mismatch is a 400 that names what is wrong. */
export function parseInput<T extends core.$ZodType>(schema: T, input: unknown): core.output<T> {
  const parsed = safeParse(schema, input ?? {});
  if (!parsed.success) {
    const said = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new BoxlabError(errorCodes.BAD_MESSAGE, said);
  }
  return parsed.data;
}

/** A request that changes something must come from the site itself (or an allowed origin), never another site. */
export function refuseForeignOrigin(req: FastifyRequest, allowedOrigins: string[], required = false): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const origin = req.headers.origin;
  if (origin === undefined ? required : !isOriginAllowed(origin, req.headers.host, allowedOrigins)) {
    throw new BoxlabError(errorCodes.ORIGIN_REFUSED, 'This origin may not make this change.');
  }
}

export function learnerOfRequest(req: FastifyRequest, secret: CookieKeys, allowedOrigins: string[]): string {
  refuseForeignOrigin(req, allowedOrigins);
  const learner = verifyLearner(secret, parseCookies(req.headers.cookie).get(LEARNER_COOKIE));
  if (!learner) throw new BoxlabError(errorCodes.UNAUTHENTICATED, 'No learner identity: load the site first, then try again.');
  return learner;
}
