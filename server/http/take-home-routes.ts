/**
 * Take it home: `GET /api/lessons/:lesson/take-home` streams the learner's work for a lesson as a .tar.gz
 * (sandbox/take-home.ts); with `?check=1` it only measures and answers what the download would hold, so the page can
 * show a refusal (too large, no sandbox) as a sentence instead of a broken download. The sandbox is the learner's
 * own for that lesson (the cookie says who); nothing in the request names a path. With several sandboxes per
 * lesson (multi-node labs), it is the one the manager finds for the learner and lesson.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lessonParamsSchema } from '../contracts/api.ts';
import { errorCodes } from '../contracts/errors.ts';
import { TAKE_HOME_ROUTE, type TakeHomeCheck } from '../contracts/take-home.ts';
import type { ManifestLesson } from '../checks/lesson-scripts.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { planTakeHome } from '../sandbox/take-home.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { apiErrorHandler, learnerOfRequest, parseInput } from './api-errors.ts';

export interface TakeHomeRouteDeps {
  runtime: SandboxRuntime;
  manager: SandboxManager;
  lessons: ReadonlyMap<string, ManifestLesson>;
  clock: Clock;
  secret: CookieKeys;
  allowedOrigins: string[];
}

const querySchema = z.object({ check: z.enum(['1']).optional() });

export function registerTakeHomeRoutes(app: FastifyInstance, deps: TakeHomeRouteDeps): void {
  // One download at a time per learner: each runs gzip here and may run `docker save` in the sandbox.
  const downloading = new Set<string>();
  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);
    api.get(TAKE_HOME_ROUTE, async (req, reply) => {
      const learner = learnerOfRequest(req, deps.secret, deps.allowedOrigins);
      const { lesson } = parseInput(lessonParamsSchema, req.params);
      const { check } = parseInput(querySchema, req.query);
      const found = deps.lessons.get(lesson);
      if (!found) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
      const sandbox = deps.manager.find(learner, lesson);
      if (!sandbox) throw new BoxlabError(errorCodes.NO_SANDBOX, 'You have no sandbox for this lesson (yet, or any more): open its terminal, then download your work.');
      deps.manager.touch(sandbox);
      const plan = await planTakeHome({ runtime: deps.runtime, sandboxId: sandbox.id, profile: sandbox.profile.image, lessonId: lesson, lessonTitle: found.title, now: new Date(deps.clock.now()) });
      if (check) return { homeBytes: plan.homeBytes, images: plan.images, imagesBytes: plan.imagesBytes } satisfies TakeHomeCheck;
      if (downloading.has(learner)) throw new BoxlabError(errorCodes.RATE_LIMITED, 'Your work is already being downloaded; wait for that download to finish.');
      downloading.add(learner);
      reply.raw.on('close', () => downloading.delete(learner));
      let archive;
      try {
        archive = await plan.open();
      } catch (err) {
        downloading.delete(learner);
        throw err;
      }
      archive.on('error', (err) => req.log.warn({ err, lesson }, 'take-home download broken off'));
      const name = `boxlab-${lesson.replace(/[^a-zA-Z0-9-]+/g, '-')}.tar.gz`;
      return reply.header('content-type', 'application/gzip').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(archive);
    });
  });
}
