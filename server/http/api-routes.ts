/**
 * The lesson JSON API: check an exercise, read progress, record a visit, reset a lesson. Every route
 * needs the signed learner cookie; POSTs from a foreign Origin are refused (the cookie is SameSite=Lax
 * already; this is the second lock). Errors are `{ error: { code, message } }` with an HTTP status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { exerciseParamsSchema, lessonParamsSchema, type ApiError } from '../contracts/api.ts';
import { checkExercise, type CheckServiceDeps } from '../checks/check-service.ts';
import { RateLimiter, type RateLimit } from '../domain/rate-limit.ts';
import type { Clock } from '../domain/clock.ts';
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes, httpStatusOf } from '../contracts/errors.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { LEARNER_COOKIE, parseCookies, verifyLearner } from './identity.ts';
import { isOriginAllowed } from './origin.ts';

export interface ApiDeps extends Omit<CheckServiceDeps, 'manager' | 'log' | 'now'> {
  manager: SandboxManager;
  secret: string;
  allowedOrigins: string[];
  clock: Clock;
  checkRate: RateLimit;
}

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const limiter = new RateLimiter(deps.checkRate, deps.clock);
  const now = () => deps.clock.now();
  const sweeper = setInterval(() => limiter.sweep(), 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  const learnerOf = (req: FastifyRequest): string => {
    if (req.method !== 'GET' && req.headers.origin !== undefined && !isOriginAllowed(req.headers.origin, req.headers.host, deps.allowedOrigins)) {
      throw new BoxlabError(errorCodes.ORIGIN_REFUSED, 'This origin may not change your progress.');
    }
    const learner = verifyLearner(deps.secret, parseCookies(req.headers.cookie).get(LEARNER_COOKIE));
    if (!learner) throw new BoxlabError(errorCodes.UNAUTHENTICATED, 'No learner identity: load the site first, then try again.');
    return learner;
  };
  const params = <T extends z.ZodType>(schema: T, req: FastifyRequest): z.infer<T> => {
    const parsed = schema.safeParse(req.params);
    if (!parsed.success) throw new BoxlabError(errorCodes.BAD_MESSAGE, parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  };
  const knownLesson = (lesson: string) => {
    if (!deps.lessons.has(lesson)) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
  };

  app.register(async (api) => {
    api.setErrorHandler((err: Error, req, reply: FastifyReply) => {
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
    });

    api.get('/api/progress', async (req) => deps.store.progress(learnerOf(req)));

    api.post('/api/lessons/:lesson/visit', async (req, reply) => {
      const learner = learnerOf(req);
      const { lesson } = params(lessonParamsSchema, req);
      knownLesson(lesson);
      deps.store.markVisited(learner, lesson, now());
      return reply.status(204).send();
    });

    api.post('/api/lessons/:lesson/exercises/:exercise/check', async (req, reply) => {
      const learner = learnerOf(req);
      const { lesson, exercise } = params(exerciseParamsSchema, req);
      const waitMs = limiter.take(learner);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new BoxlabError(errorCodes.RATE_LIMITED, `Too many checks in a short time. Wait ${Math.ceil(waitMs / 1000)} s and try again.`);
      }
      return checkExercise({ ...deps, now, log: req.log }, learner, lesson, exercise);
    });

    api.post('/api/lessons/:lesson/reset', async (req) => {
      const learner = learnerOf(req);
      const { lesson } = params(lessonParamsSchema, req);
      knownLesson(lesson);
      const sandbox = deps.manager.find(learner, lesson);
      if (sandbox) await deps.manager.remove(sandbox, 'reset');
      deps.store.resetLesson(learner, lesson);
      return { ok: true, removedSandbox: sandbox !== undefined };
    });
  });
}
