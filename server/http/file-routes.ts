/**
 * The editor's API: list a folder of the learner's home, read a file, write it back with the version it was read
 * at (409 when it changed meanwhile). Only the learner's own sandbox for the lesson (the cookie says who; `node`
 * picks a lab's machine), Origin-checked for writes, rate-limited per learner; the rules and the I/O are
 * sandbox/file-access.ts and sandbox/file-io.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { lessonParamsSchema } from '../contracts/api.ts';
import { errorCodes } from '../contracts/errors.ts';
import { EDITOR_MAX_BYTES, FILE_ROUTE, FILES_ROUTE, fileQuerySchema, fileWriteSchema } from '../contracts/files.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { RateLimiter, type RateLimit } from '../domain/rate-limit.ts';
import { listFolder, readFile, writeFile, type FileTarget } from '../sandbox/file-io.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { apiErrorHandler, learnerOfRequest, parseInput } from './api-errors.ts';

export interface FileRouteDeps {
  runtime: SandboxRuntime;
  manager: SandboxManager;
  lessons: ReadonlyMap<string, unknown>;
  clock: Clock;
  secret: CookieKeys;
  allowedOrigins: string[];
  /** Per learner, over listings, reads and writes together. */
  fileRate?: RateLimit;
}

const DEFAULT_RATE: RateLimit = { burst: 60, perMinute: 240 };

export function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): void {
  const limiter = new RateLimiter(deps.fileRate ?? DEFAULT_RATE, deps.clock);
  const sweeper = setInterval(() => limiter.sweep(), 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  /** The learner's own sandbox of the lesson (of `node` in a lab), after the identity, Origin and rate checks. */
  const targetOf = (req: FastifyRequest, node: string | undefined): FileTarget => {
    const learner = learnerOfRequest(req, deps.secret, deps.allowedOrigins);
    const { lesson } = parseInput(lessonParamsSchema, req.params);
    if (!deps.lessons.has(lesson)) throw new BoxlabError(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
    const waitMs = limiter.take(learner);
    if (waitMs > 0) throw new BoxlabError(errorCodes.RATE_LIMITED, `Too many file requests in a short time. Wait ${Math.ceil(waitMs / 1000)} s and try again.`);
    const sandbox = deps.manager.find(learner, lesson, node);
    if (!sandbox) throw new BoxlabError(errorCodes.NO_SANDBOX, 'You have no sandbox for this lesson (yet, or any more): open its terminal, then its files.');
    deps.manager.touch(sandbox);
    return { runtime: deps.runtime, sandboxId: sandbox.id, user: sandbox.profile.user, home: sandbox.profile.home };
  };

  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);
    api.get(FILES_ROUTE, async (req) => {
      const { path, node } = parseInput(fileQuerySchema, req.query);
      return listFolder(targetOf(req, node), path);
    });
    api.get(FILE_ROUTE, async (req, reply) => {
      const { path, node } = parseInput(fileQuerySchema, req.query);
      reply.header('cache-control', 'no-store');
      return readFile(targetOf(req, node), path);
    });
    // JSON escapes can make a 1 MiB text several times longer on the wire.
    api.put(FILE_ROUTE, { bodyLimit: 2 * EDITOR_MAX_BYTES + 64 * 1024 }, async (req) => {
      const body = parseInput(fileWriteSchema, req.body);
      return writeFile(targetOf(req, body.node), body.path, body.content, body.version);
    });
  });
}
