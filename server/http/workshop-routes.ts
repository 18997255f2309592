/**
 * The learner's side of workshops: join with a code and a name (rate-limited per address against guessing), read
 * the workshop they are in, and hear its messages and its end as server-sent events.
 */
import type { FastifyInstance } from 'fastify';
import { errorCodes } from '../contracts/errors.ts';
import { joinWorkshopSchema, workshopUrls } from '../contracts/workshop.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { RateLimiter } from '../domain/rate-limit.ts';
import type { WorkshopEvents } from '../workshops/workshop-events.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { apiErrorHandler, learnerOfRequest, parseInput } from './api-errors.ts';
import { clientAddress } from './client-address.ts';
import { EventStreams } from './sse.ts';

export interface WorkshopRouteDeps {
  service: WorkshopService;
  events: WorkshopEvents;
  clock: Clock;
  secret: CookieKeys;
  allowedOrigins: string[];
  trustProxy: boolean;
  joinPerMinPerIp: number;
}

export function registerWorkshopRoutes(app: FastifyInstance, deps: WorkshopRouteDeps): void {
  const joins = new RateLimiter({ burst: deps.joinPerMinPerIp, perMinute: deps.joinPerMinPerIp }, deps.clock);
  const streams = new EventStreams(app);
  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);
    const learnerOf = (req: Parameters<typeof learnerOfRequest>[0]) => learnerOfRequest(req, deps.secret, deps.allowedOrigins);

    api.post(workshopUrls.join, async (req, reply) => {
      const learner = learnerOf(req);
      const ip = clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, deps.trustProxy);
      // Only failed tries count against the address (a guesser fails; a class behind one NAT joins at 9:00).
      const waitMs = joins.wait(ip);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new BoxlabError(errorCodes.RATE_LIMITED, `Too many wrong codes or passwords from your address. Wait ${Math.ceil(waitMs / 1000)} s and try again.`);
      }
      try {
        return await deps.service.join(learner, parseInput(joinWorkshopSchema, req.body));
      } catch (err) {
        joins.take(ip);
        throw err;
      }
    });

    api.get(workshopUrls.mine, async (req) => ({ workshop: deps.service.learnerView(learnerOf(req)) ?? null }));

    api.get(workshopUrls.mineEvents, async (req, reply) => {
      const learner = learnerOf(req);
      const view = deps.service.learnerView(learner);
      if (!view) throw new BoxlabError(errorCodes.WORKSHOP_NOT_FOUND, 'You are not in a workshop.');
      const stream = streams.start(req, reply, learner);
      stream.onClose(
        deps.events.subscribe(view.id, (event) => {
          if (event.type === 'message') stream.send('message', { at: event.at, text: event.text });
          else if (event.type === 'ended') stream.send('ended', { at: deps.clock.now() });
        }),
      );
    });
  });
}
