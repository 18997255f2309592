/**
 * Progress that travels, and deleting one's data (no accounts). A learner makes a resume code (shown once; only its
 * hash is kept; a new one revokes the old); another browser redeems it and gets the same signed learner cookie, so
 * the same progress and, while it lives, the same sandbox. Redeeming is rate-limited per address on failures, with
 * the workshop joins' limiter and limit (a guesser fails; a class behind one NAT does not). Deleting removes the
 * learner's sandboxes and every row about them, and clears the cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes } from '../contracts/errors.ts';
import { deleteMyDataSchema, redeemResumeSchema, resumeUrls, type DeletedData, type NewResumeCode, type Redeemed, type ResumeStatus } from '../contracts/resume.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { RateLimiter } from '../domain/rate-limit.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { Store } from '../store/store.ts';
import { apiErrorHandler, learnerOfRequest, parseInput, refuseForeignOrigin } from './api-errors.ts';
import { clientAddress } from './client-address.ts';
import { learnerCookieHeader, LEARNER_COOKIE, signLearner } from './identity.ts';
import { hashResumeCode, newResumeCode } from './resume-code.ts';

export interface ResumeRouteDeps {
  store: Store;
  manager: SandboxManager;
  clock: Clock;
  secret: CookieKeys;
  allowedOrigins: string[];
  trustProxy: boolean;
  cookieSecure: boolean;
  /** The same limit as workshop joins: failed codes per address per minute. */
  joinPerMinPerIp: number;
}

export function clearedLearnerCookie(secure: boolean): string {
  return `${LEARNER_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** Answer with this learner cookie only: a fresh one the first-visit hook set for this request would undo it. */
function replaceLearnerCookie(reply: FastifyReply, header: string): void {
  const set = reply.getHeader('set-cookie');
  const others = (Array.isArray(set) ? set : set === undefined ? [] : [String(set)]).filter((h) => !h.startsWith(`${LEARNER_COOKIE}=`));
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...others, header]);
}

export function registerResumeRoutes(app: FastifyInstance, deps: ResumeRouteDeps): void {
  const { store, clock } = deps;
  const redeems = new RateLimiter({ burst: deps.joinPerMinPerIp, perMinute: deps.joinPerMinPerIp }, clock);
  const learnerOf = (req: FastifyRequest) => learnerOfRequest(req, deps.secret, deps.allowedOrigins);
  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);

    api.get(resumeUrls.mine, async (req): Promise<ResumeStatus> => ({ createdAt: store.resumeCodeCreatedAt(learnerOf(req)) ?? null }));

    api.post(resumeUrls.mine, async (req): Promise<NewResumeCode> => {
      const learner = learnerOf(req);
      const code = newResumeCode();
      const createdAt = clock.now();
      store.setResumeCode(learner, hashResumeCode(code.replaceAll('-', '')), createdAt);
      return { code, createdAt };
    });

    api.post(resumeUrls.redeem, async (req, reply): Promise<Redeemed> => {
      // Binding a browser to someone else's identity must come from this site's own page (no login CSRF).
      refuseForeignOrigin(req, deps.allowedOrigins, true);
      const ip = clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, deps.trustProxy);
      const waitMs = redeems.wait(ip);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new BoxlabError(errorCodes.RATE_LIMITED, `Too many wrong resume codes from your address. Wait ${Math.ceil(waitMs / 1000)} s and try again.`);
      }
      const { code } = parseInput(redeemResumeSchema, req.body);
      const learner = store.learnerOfResumeCode(hashResumeCode(code));
      if (!learner) {
        redeems.take(ip);
        throw new BoxlabError(errorCodes.RESUME_CODE_UNKNOWN, 'That resume code is not (or no longer) valid. Check it, or make a new one in the browser that has your progress.');
      }
      replaceLearnerCookie(reply, learnerCookieHeader(signLearner(deps.secret, learner), deps.cookieSecure));
      return { lessons: Object.keys(store.progress(learner).lessons).length };
    });

    api.post(resumeUrls.deleteMine, async (req, reply): Promise<DeletedData> => {
      refuseForeignOrigin(req, deps.allowedOrigins, true);
      const learner = learnerOf(req);
      parseInput(deleteMyDataSchema, req.body);
      const theirs = deps.manager.list().filter((s) => s.learner === learner);
      for (const sandbox of theirs) await deps.manager.remove(sandbox, 'you deleted your data');
      store.forgetLearner(learner);
      replaceLearnerCookie(reply, clearedLearnerCookie(deps.cookieSecure));
      req.log.info({ removedSandboxes: theirs.length }, 'a learner deleted their data');
      return { removedSandboxes: theirs.length };
    });
  });
}
