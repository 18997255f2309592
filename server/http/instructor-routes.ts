/**
 * The instructor's API: sign in with a token, create and list workshops, the live grid (JSON and server-sent
 * events), a learner's last checks, and the actions (reset, extend, broadcast, pre-warm, rehearse, end, export, QR code).
 * Every route but sign-in needs the instructor cookie; every change also a same-site Origin.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { errorCodes } from '../contracts/errors.ts';
import { broadcastSchema, createWorkshopSchema, extendSchema, joinPagePath, prewarmSizeSchema, workshopUrls } from '../contracts/workshop.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { BoxlabError } from '../domain/errors.ts';
import { RateLimiter } from '../domain/rate-limit.ts';
import { instructorCookieHeader, INSTRUCTOR_SESSION_MS, signInstructor } from '../workshops/instructor-session.ts';
import type { Prewarm } from '../workshops/prewarm.ts';
import { rehearseSchema, type Rehearsals } from '../workshops/rehearsal.ts';
import type { WorkshopEvents } from '../workshops/workshop-events.ts';
import type { WorkshopGridSource } from '../workshops/workshop-grid.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { apiErrorHandler, parseInput, refuseForeignOrigin } from './api-errors.ts';
import { clientAddress } from './client-address.ts';
import { requireInstructor, type InstructorTokens } from './instructor-auth.ts';
import { EventStreams } from './sse.ts';

export interface InstructorRouteDeps {
  service: WorkshopService;
  grid: WorkshopGridSource;
  prewarm: Prewarm;
  rehearsals: Rehearsals;
  events: WorkshopEvents;
  tokens: InstructorTokens;
  clock: Clock;
  secret: CookieKeys;
  allowedOrigins: string[];
  trustProxy: boolean;
  cookieSecure: boolean;
  /** BOXLAB_BASE_PATH: the join link in the QR code is under it. */
  basePath: string;
}

const idParams = z.object({ id: z.string().min(1).max(64) });
const memberParams = idParams.extend({ member: z.string().min(1).max(64) });
const loginSchema = z.object({ token: z.string().min(1).max(200) });
/** A route pattern from a URL of the contract, whose parameters came out percent-encoded (`%3Aid` → `:id`). */
const route = (url: string) => url.replace(/%3A(id|member)/g, ':$1');
/** A burst of changes (a class solving the same exercise) sends one grid, this long after the first. */
const GRID_PUSH_DELAY_MS = 150;

export function registerInstructorRoutes(app: FastifyInstance, deps: InstructorRouteDeps): void {
  const logins = new RateLimiter({ burst: 10, perMinute: 10 }, deps.clock);
  const streams = new EventStreams(app);
  app.register(async (api) => {
    api.setErrorHandler(apiErrorHandler);
    const instructor = (req: FastifyRequest) => {
      refuseForeignOrigin(req, deps.allowedOrigins, true);
      return requireInstructor(req, deps.secret, deps.clock.now(), deps.tokens);
    };
    const id = (req: FastifyRequest) => parseInput(idParams, req.params).id;

    api.post(workshopUrls.instructorLogin, async (req, reply) => {
      refuseForeignOrigin(req, deps.allowedOrigins, true);
      const ip = clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, deps.trustProxy);
      if (logins.take(ip) > 0) throw new BoxlabError(errorCodes.RATE_LIMITED, 'Too many sign-in attempts from your address. Wait a minute.');
      const who = deps.tokens.check(parseInput(loginSchema, req.body).token);
      if (!who) throw new BoxlabError(errorCodes.INSTRUCTOR_ONLY, 'That is not an instructor token of this server.');
      const value = signInstructor(deps.secret, who, deps.clock.now() + INSTRUCTOR_SESSION_MS);
      reply.header('set-cookie', instructorCookieHeader(value, deps.cookieSecure, INSTRUCTOR_SESSION_MS / 1000));
      return { instructor: who };
    });
    api.post(workshopUrls.instructorLogout, async (_req, reply) => {
      reply.header('set-cookie', instructorCookieHeader('', deps.cookieSecure, 0));
      return { ok: true };
    });
    api.get(workshopUrls.instructorMe, async (req) => ({ instructor: instructor(req) }));

    api.get(workshopUrls.workshops, async (req) => (instructor(req), { workshops: deps.service.list() }));
    api.post(workshopUrls.workshops, async (req, reply) => {
      const who = instructor(req);
      const created = await deps.service.create(parseInput(createWorkshopSchema, req.body), who);
      return reply.status(201).send(created);
    });
    api.get(route(workshopUrls.workshop(':id')), async (req) => (instructor(req), deps.service.summary(deps.service.get(id(req)))));
    api.get(route(workshopUrls.grid(':id')), async (req) => (instructor(req), deps.grid.grid(id(req))));
    api.get(route(workshopUrls.attempts(':id', ':member')), async (req) => {
      instructor(req);
      const p = parseInput(memberParams, req.params);
      return { attempts: deps.grid.attempts(p.id, p.member) };
    });

    api.get(route(workshopUrls.gridEvents(':id')), async (req, reply) => {
      const who = instructor(req);
      const workshop = id(req);
      const first = deps.grid.grid(workshop);
      const stream = streams.start(req, reply, who);
      stream.send('grid', first);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const push = () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          try {
            stream.send('grid', deps.grid.grid(workshop));
          } catch (err) {
            // The next change or tick tries again; a timer must never throw (it would end the server).
            req.log.error({ err, workshop }, 'could not compute the workshop grid');
          }
        }, GRID_PUSH_DELAY_MS);
      };
      // Time on an exercise, idle and sandbox states move without events: a fresh grid every few seconds too.
      const tick = setInterval(push, 5000);
      const unsubscribe = deps.events.subscribe(workshop, push);
      stream.onClose(() => {
        unsubscribe();
        clearInterval(tick);
        clearTimeout(timer);
      });
    });

    api.post(route(workshopUrls.reset(':id', ':member')), async (req) => {
      instructor(req);
      const p = parseInput(memberParams, req.params);
      return { removed: await deps.service.reset(p.id, p.member) };
    });
    api.post(route(workshopUrls.extend(':id')), async (req) => {
      instructor(req);
      return { extended: await deps.service.extend(id(req), parseInput(extendSchema, req.body).member) };
    });
    api.post(route(workshopUrls.broadcast(':id')), async (req) => {
      instructor(req);
      deps.service.broadcast(id(req), parseInput(broadcastSchema, req.body).text);
      return { ok: true };
    });
    api.post(route(workshopUrls.prewarm(':id')), async (req) => {
      instructor(req);
      const w = deps.service.get(id(req));
      deps.prewarm.ask(w.id);
      await deps.prewarm.update();
      return deps.prewarm.status(w);
    });
    api.post(route(workshopUrls.prewarmSize(':id')), async (req) => {
      instructor(req);
      const set = deps.service.setPrewarmSize(id(req), parseInput(prewarmSizeSchema, req.body).sandboxes);
      await deps.prewarm.update();
      return { ...set, prewarm: deps.prewarm.status(deps.service.get(id(req))) };
    });
    // Rehearse the start (answers with the figures once every rehearsal sandbox is gone); GET: how it is going.
    api.route({
      method: ['GET', 'POST'],
      url: route(workshopUrls.rehearse(':id')),
      handler: async (req) => {
        instructor(req);
        const w = deps.service.get(id(req));
        return req.method === 'GET' ? deps.rehearsals.status() : deps.rehearsals.run(w, parseInput(rehearseSchema, req.body).learners);
      },
    });
    api.post(route(workshopUrls.end(':id')), async (req) => {
      instructor(req);
      const removed = await deps.service.end(id(req));
      // Its pre-warmed sandboxes go too: nothing is left running for an ended workshop.
      await deps.prewarm.update();
      return { removed };
    });

    api.get(route(workshopUrls.exportCsv(':id')), async (req, reply) => {
      instructor(req);
      const w = deps.service.get(id(req));
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="workshop-${w.id}.csv"`);
      return deps.grid.csv(w.id);
    });
    api.get(route(workshopUrls.exportJson(':id')), async (req, reply) => {
      instructor(req);
      const w = deps.service.get(id(req));
      reply.header('content-disposition', `attachment; filename="workshop-${w.id}.json"`);
      return deps.grid.grid(w.id);
    });
    api.get(route(workshopUrls.qr(':id')), async (req, reply) => {
      instructor(req);
      const w = deps.service.get(id(req));
      // Behind a trusted TLS proxy the join link must say https, as the learners will reach it.
      const forwarded = deps.trustProxy ? String(req.headers['x-forwarded-proto'] ?? '').split(',').at(-1)?.trim() : undefined;
      const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : deps.cookieSecure ? 'https' : req.protocol;
      const origin = `${scheme}://${req.headers.host ?? 'localhost'}`;
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store');
      return renderSVG(`${origin}${deps.basePath}${joinPagePath(w.code)}`, { border: 2 });
    });
  });
}
