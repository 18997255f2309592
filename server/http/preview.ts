/**
 * Web preview: `/preview/<lesson key>/<port>/<path>` shows what a learner's own sandbox serves on that port,
 * to that learner only. The bytes travel through `runtime.connect` (a relay inside the sandbox), so sandboxes
 * need no network. Previews get an opaque origin (CSP sandbox): a page a learner runs cannot act as Boxlab.
 */
import { createServer, request, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { underBase } from './base-path.ts';
import { previewSockets } from './preview-upgrade.ts';
import { LEARNER_COOKIE, parseCookies, verifyLearner } from './identity.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import { appPath, asFromOwnPort, enterLocation, originCookieHeader, parseOriginUrl, PREVIEW_ORIGIN_COOKIE, previewHost } from './preview-origin.ts';
import { signTicket, ticketExpires, verifyTicket } from './preview-ticket.ts';
import {
  forwardedCookie,
  ownSandbox,
  parsePreviewUrl,
  PREVIEW_CSP,
  PREVIEW_PREFIX,
  PREVIEW_REFERRER_POLICY,
  previewLearner,
  ticketedLocation,
  withoutLearnerCookie,
  type PreviewDeps,
} from './preview-gate.ts';

export type { PreviewDeps } from './preview-gate.ts';

function page(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent) return void res.destroy();
  const body = `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;max-width:40rem;margin:3rem auto"><h1>${title}</h1><p>${text}</p>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}

/** A top-level page or a frame, fetched with GET (Fetch Metadata): not an image, script or fetch() of a page. */
function isPageVisit(req: IncomingMessage): boolean {
  const dest = req.headers['sec-fetch-dest'];
  return (req.method === 'GET' || req.method === 'HEAD') && (dest === 'document' || dest === 'iframe');
}

/** CORS for a preview page's requests to its own preview: its origin only ('null'), any method and header it asks for. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-allow-origin': 'null', 'access-control-expose-headers': '*', vary: 'Origin' };
  const method = req.headers['access-control-request-method'];
  const asked = req.headers['access-control-request-headers'];
  if (typeof method === 'string') headers['access-control-allow-methods'] = method.replace(/[^A-Za-z-]/g, '');
  if (typeof asked === 'string') headers['access-control-allow-headers'] = asked.replace(/[^A-Za-z0-9,\s_-]/g, '');
  return headers;
}

export async function handlePreview(req: IncomingMessage, res: ServerResponse, deps: PreviewDeps): Promise<void> {
  const target = parsePreviewUrl(req.url);
  if (!target) return page(res, 404, 'No such preview', 'Preview addresses look like /preview/&lt;lesson&gt;/&lt;port&gt;/.');
  const { port } = target;
  if (!target.path) {
    // Relative links in the page resolve against the folder, so it must end with a slash.
    res.writeHead(308, { location: `${deps.basePath}${target.pathname}/${target.search}` }).end();
    return;
  }
  const cookies = parseCookies(req.headers.cookie);
  const learner = previewLearner(cookies, target, deps);
  const sandbox = ownSandbox(learner, target.key, deps);
  // A page the browser shows (not a sub-resource) asked with the cookie: send it on to the preview origin, or (none
  // set) to a ticketed address here, so that the page's own requests, which carry no cookie, are let in too.
  const cookieLearner = verifyLearner(deps.secret, cookies.get(LEARNER_COOKIE));
  if (cookieLearner && isPageVisit(req) && (deps.previewOrigin || !target.ticket || !learner) && ownSandbox(cookieLearner, target.key, deps)) {
    const rest = `${target.prefixed ? 'prefixed/' : ''}${port}${target.path}${target.search}`;
    const location = deps.previewOrigin
      ? enterLocation(deps.previewOrigin, target.key, signTicket(deps.secret, cookieLearner, target.key, Date.now()), rest)
      : ticketedLocation(target, cookieLearner, deps);
    res.writeHead(302, { location, 'cache-control': 'no-store', 'referrer-policy': PREVIEW_REFERRER_POLICY }).end();
    return;
  }
  if (target.ticket && !learner) return page(res, 403, 'Preview link expired', 'This preview address is no longer valid. Open the preview again from the lesson.');
  if (!sandbox) return page(res, 404, 'No sandbox to preview', 'Open the lesson first: the preview shows what your own sandbox serves.');
  if (target.prefixed) {
    return deps.previewOrigin
      ? page(res, 404, 'Preview on its own origin', 'This preview is served on the preview origin only: open it from the lesson.')
      : page(res, 404, 'No preview origin', 'This preview keeps its address prefix, which needs the preview origin (BOXLAB_PREVIEW_ORIGIN); this server has none.');
  }
  // The page's own fetch() calls are cross-origin (its origin is opaque, 'null'): let it read its own answers.
  // Only a ticketed address, which only that page knows, says so; no credentials are ever allowed.
  const cors = target.ticket !== undefined && req.headers.origin === 'null' ? corsHeaders(req) : undefined;
  if (cors && req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    // A preflight the app never expects (its pages are same-origin outside the preview): Boxlab answers it.
    res.writeHead(204, { ...cors, 'access-control-max-age': '600', 'referrer-policy': PREVIEW_REFERRER_POLICY }).end();
    return;
  }
  const answerHeaders: Record<string, string> = { 'content-security-policy': PREVIEW_CSP, 'referrer-policy': PREVIEW_REFERRER_POLICY, ...cors };
  await proxy(req, res, deps, { sandbox, port, path: target.path + target.search, answerHeaders });
}

/**
 * A request on the preview origin (preview-origin.ts): `/<key>/enter` turns a ticket into this origin's cookie;
 * app addresses are served to the learner that cookie names, without the sandbox CSP (this origin is the wall).
 */
export async function handleOriginRequest(req: IncomingMessage, res: ServerResponse, deps: PreviewDeps, origin: string): Promise<void> {
  const r = parseOriginUrl(req.url);
  if (!r) return page(res, 404, 'No such preview', 'Open the preview from the lesson.');
  const now = Date.now();
  if (r.kind === 'enter') {
    const expires = ticketExpires(r.ticket);
    if (!verifyTicket(deps.secret, r.ticket, r.key, now) || expires === undefined) {
      return page(res, 403, 'Preview link expired', 'This preview address is no longer valid. Open the preview again from the lesson.');
    }
    const secure = origin.startsWith('https:');
    res.writeHead(302, { location: `/${r.key}/${r.rest}`, 'set-cookie': originCookieHeader(r.key, r.ticket, (expires - now) / 1000, secure), 'cache-control': 'no-store', 'referrer-policy': PREVIEW_REFERRER_POLICY }).end();
    return;
  }
  if (!r.path) {
    res.writeHead(308, { location: `${r.pathname}/${r.search}` }).end();
    return;
  }
  const cookies = parseCookies(req.headers.cookie);
  const learner = verifyTicket(deps.secret, cookies.get(PREVIEW_ORIGIN_COOKIE) ?? '', r.key, now);
  if (!learner) return page(res, 403, 'Open the preview from the lesson', 'This preview has no valid pass for you (it expired, or you came here directly). Open it again from the lesson.');
  const sandbox = ownSandbox(learner, r.key, deps);
  if (!sandbox) return page(res, 404, 'No sandbox to preview', 'Open the lesson first: the preview shows what your own sandbox serves.');
  await proxy(req, res, deps, { sandbox, port: r.port, path: appPath(r), answerHeaders: {}, origin });
}

interface ProxyPlan {
  sandbox: ClaimedSandbox;
  port: number;
  /** Path and query as the app in the sandbox gets them. */
  path: string;
  /** Set on the answer, over the app's own. */
  answerHeaders: Record<string, string>;
  /** The preview origin, when the request came there: its Origin and Referer are shown as the app's own port's. */
  origin?: string;
}

/** Relay one HTTP request into the sandbox and its answer back, Boxlab's cookies kept out both ways. */
async function proxy(req: IncomingMessage, res: ServerResponse, deps: PreviewDeps, plan: ProxyPlan): Promise<void> {
  const { sandbox, port } = plan;
  let upstream;
  try {
    upstream = await deps.runtime.connect(sandbox.id, port, sandbox.profile.user);
  } catch (err) {
    deps.log.warn({ err, sandbox: sandbox.id }, 'preview connection failed');
    return page(res, 502, 'Preview unavailable', 'Your sandbox could not be reached. Reload to try again.');
  }
  deps.manager.touch(sandbox);
  const headers = { ...req.headers, host: `localhost:${port}`, connection: 'close' };
  if (plan.origin) asFromOwnPort(headers, plan.origin, port);
  const cookie = forwardedCookie(req.headers.cookie);
  if (cookie) headers.cookie = cookie;
  else delete headers.cookie;

  const proxied = request({ createConnection: () => upstream as unknown as Socket, method: req.method, path: plan.path, headers }, (answer) => {
    const out = { ...answer.headers, ...plan.answerHeaders };
    const setCookie = withoutLearnerCookie(out['set-cookie']);
    if (setCookie.length) out['set-cookie'] = setCookie;
    else delete out['set-cookie'];
    // Whatever the learner's server answers must not throw here: `HTTP/1.1 000` parses, and Node refuses to send it.
    try {
      res.writeHead(answer.statusCode ?? 0, out);
    } catch {
      answer.destroy();
      return page(res, 502, 'Preview unavailable', `The server on port ${port} sent an answer that cannot be passed on.`);
    }
    answer.pipe(res);
  });
  // The browser left (or the answer is done): the connection into the sandbox goes too, or a streaming answer
  // (server-sent events, a hung server) would hold it and an engine connection for as long as it runs.
  res.on('close', () => {
    proxied.destroy();
    upstream.destroy();
  });
  proxied.on('error', () =>
    page(res, 502, `Nothing answers on port ${port}`, `No server is listening on port ${port} in your sandbox yet. Start it in the terminal, then reload this page.`),
  );
  req.pipe(proxied);
}

/**
 * Fastify's `serverFactory`: previews stream raw HTTP to and from a sandbox, so they are answered before Fastify
 * parses anything; their WebSockets are preview-upgrade.ts's (the terminal's gate leaves those paths alone).
 * `deps()` is undefined until the app has made its manager; until then no preview is served.
 * Both see requests inside `basePath` only, with it taken off (base-path.ts).
 */
export function serverWithPreviews(deps: () => PreviewDeps | undefined, basePath: string, previewOrigin?: string): (handler: RequestListener) => Server {
  const host = previewHost(previewOrigin);
  return (handler) => {
    const site = underBase(basePath, (req, res) => {
      const preview = deps();
      if (!preview || !req.url?.startsWith(PREVIEW_PREFIX)) return handler(req, res);
      void handlePreview(req, res, preview).catch((err: unknown) => {
        preview.log.error({ err }, 'preview failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    // The preview origin's requests (by Host) are previews only: none of Boxlab's pages or API is served there.
    const server = createServer((req, res) => {
      if (!previewOrigin || req.headers.host !== host) return site(req, res);
      const preview = deps();
      if (!preview) return page(res, 503, 'Starting', 'Boxlab is starting. Reload in a moment.');
      void handleOriginRequest(req, res, preview, previewOrigin).catch((err: unknown) => {
        preview.log.error({ err }, 'preview failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const sockets = previewSockets(deps, basePath);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (sockets.wants(req.url) && !(previewOrigin && req.headers.host === host)) sockets.handle(req, socket, head);
    });
    if (previewOrigin) {
      // The preview origin's upgrade requests are never the site's: no other upgrade listener (the terminal's gate,
      // which refuses paths it does not know) may see them, so they are taken before the event is emitted.
      const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
      server.emit = ((event: string | symbol, ...args: unknown[]) => {
        const [req, socket, head] = args as [IncomingMessage, Duplex, Buffer];
        if (event !== 'upgrade' || req.headers.host !== host) return emit(event, ...args);
        sockets.handleOrigin(req, socket, head, previewOrigin);
        return true;
      }) as typeof server.emit;
    }
    // The HTTP server waits for open sockets before it reports closed: relayed ones would keep it waiting.
    const close = server.close.bind(server);
    server.close = (callback?: (err?: Error) => void) => {
      sockets.closeAll();
      return close(callback);
    };
    return server;
  };
}
