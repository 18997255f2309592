/**
 * The lesson JSON API: check an exercise, read progress, record a visit, reset a lesson. Every route
 * needs the signed learner cookie; POSTs from a foreign Origin are refused (the cookie is SameSite=Lax
 * already; this is the second lock). Errors are `{ error: { code, message } }` with an HTTP status.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkQuerySchema, exerciseParamsSchema, lessonParamsSchema, type CheckResponse } from '../contracts/api.ts';
import { checkExercise, type CheckServiceDeps } from '../checks/check-service.ts';
import { RateLimiter, type RateLimit } from '../domain/rate-limit.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes } from '../contracts/errors.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { apiErrorHandler, learnerOfRequest, parseInput } from './api-errors.ts';

export interface ApiDeps extends Omit<CheckServiceDeps, 'manager' | 'log' | 'now'> {
  manager: SandboxManager;
  secret: CookieKeys;
  allowedOrigins: string[];
  clock: Clock;
  checkRate: RateLimit;
  /** Told of every check a learner ran and every lesson they opened (the workshops' grid listens). */
  observer?: { checked(learner: string, result: CheckResponse, auto: boolean): void; visited(learner: string, lesson: string): void } | undefined;
}

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const limiter = new RateLimiter(deps.checkRate, deps.clock);
  const now = () => deps.clock.now();
  const sweeper = setInterval(() => limiter.sweep(), 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  const learnerOf = (req: FastifyRequest): string => learnerOfRequest(req, deps.secret, deps.allowedOrigins);
  const knownLesson = (lesson: string) => {
    if (!deps.lessons.has(lesson)) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
  };

  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);

    api.get('/api/progress', async (req) => deps.store.progress(learnerOf(req)));

    api.post('/api/lessons/:lesson/visit', async (req, reply) => {
      const learner = learnerOf(req);
      const { lesson } = parseInput(lessonParamsSchema, req.params);
      knownLesson(lesson);
      deps.store.markVisited(learner, lesson, now());
      deps.observer?.visited(learner, lesson);
      return reply.status(204).send();
    });

    api.post('/api/lessons/:lesson/exercises/:exercise/check', async (req, reply) => {
      const learner = learnerOf(req);
      const { lesson, exercise } = parseInput(exerciseParamsSchema, req.params);
      const waitMs = limiter.take(learner);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new BoxlabError(errorCodes.RATE_LIMITED, `Too many checks in a short time. Wait ${Math.ceil(waitMs / 1000)} s and try again.`);
      }
      const result = await checkExercise({ ...deps, now, log: req.log }, learner, lesson, exercise);
      deps.observer?.checked(learner, result, parseInput(checkQuerySchema, req.query).auto === '1');
      return result;
    });

    api.post('/api/lessons/:lesson/reset', async (req) => {
      const learner = learnerOf(req);
      const { lesson } = parseInput(lessonParamsSchema, req.params);
      knownLesson(lesson);
      const sandbox = deps.manager.find(learner, lesson);
      if (sandbox) await deps.manager.remove(sandbox, 'reset');
      deps.store.resetLesson(learner, lesson);
      return { ok: true, removedSandbox: sandbox !== undefined };
    });
  });
}
