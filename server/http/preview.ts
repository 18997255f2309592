/**
 * Web preview: `/preview/<lesson key>/<port>/<path>` shows what a learner's own sandbox serves on that port,
 * to that learner only. The bytes travel through `runtime.connect` (a relay inside the sandbox), so sandboxes
 * need no network. Previews get an opaque origin (CSP sandbox): a page a learner runs cannot act as Boxlab.
 */
import { createServer, request, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { underBase } from './base-path.ts';
import { LEARNER_COOKIE, parseCookies, verifyLearner } from './identity.ts';

export const PREVIEW_PREFIX = '/preview/';
const PATH = /^\/preview\/([0-9a-f]{8})\/(\d{1,5})(\/.*)?$/;

export interface PreviewDeps {
  secret: CookieKeys;
  manager: SandboxManager;
  runtime: SandboxRuntime;
  /** lesson key → lesson id (sandbox/claims.ts). */
  lessonKeys: ReadonlyMap<string, string>;
  /** A lab node's key → its lesson and node (sessions/lab.ts): each machine of a lab has a preview of its own. */
  labKeys?: ReadonlyMap<string, { lesson: string; node?: string | undefined }> | undefined;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** BOXLAB_BASE_PATH ('' at the root): the request's URL comes without it, a redirect goes back with it. */
  basePath: string;
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent) return void res.destroy();
  const body = `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;max-width:40rem;margin:3rem auto"><h1>${title}</h1><p>${text}</p>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}

export async function handlePreview(req: IncomingMessage, res: ServerResponse, deps: PreviewDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://boxlab.invalid');
  const m = PATH.exec(url.pathname);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) return page(res, 404, 'No such preview', 'Preview addresses look like /preview/&lt;lesson&gt;/&lt;port&gt;/.');
  if (!m[3]) {
    // Relative links in the page resolve against the folder, so it must end with a slash.
    res.writeHead(308, { location: `${deps.basePath}${url.pathname}/${url.search}` }).end();
    return;
  }
  const cookies = parseCookies(req.headers.cookie);
  const learner = verifyLearner(deps.secret, cookies.get(LEARNER_COOKIE));
  const single = deps.lessonKeys.get(m[1]!);
  const target = single !== undefined ? { lesson: single, node: undefined } : deps.labKeys?.get(m[1]!);
  const sandbox = learner && target ? deps.manager.find(learner, target.lesson, target.node) : undefined;
  if (!sandbox) return page(res, 404, 'No sandbox to preview', 'Open the lesson first: the preview shows what your own sandbox serves.');

  let upstream;
  try {
    upstream = await deps.runtime.connect(sandbox.id, port, sandbox.profile.user);
  } catch (err) {
    deps.log.warn({ err, sandbox: sandbox.id }, 'preview connection failed');
    return page(res, 502, 'Preview unavailable', 'Your sandbox could not be reached. Reload to try again.');
  }
  deps.manager.touch(sandbox);
  const headers = { ...req.headers, host: `localhost:${port}`, connection: 'close' };
  // The learner's Boxlab identity is not the sandbox's business.
  const forwarded = [...cookies].filter(([k]) => k !== LEARNER_COOKIE).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (forwarded.length) headers.cookie = forwarded.join('; ');
  else delete headers.cookie;

  const proxied = request({ createConnection: () => upstream as unknown as Socket, method: req.method, path: m[3] + url.search, headers }, (answer) => {
    const out = { ...answer.headers };
    // An opaque origin: scripts run, but cannot read Boxlab's cookies or open its terminal as the learner.
    out['content-security-policy'] = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';
    const setCookie = ([] as string[]).concat(out['set-cookie'] ?? []).filter((c) => !c.trim().startsWith(`${LEARNER_COOKIE}=`));
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
 * parses anything. `deps()` is undefined until the app has made its manager; until then no preview is served.
 * Both see requests inside `basePath` only, with it taken off (base-path.ts).
 */
export function serverWithPreviews(deps: () => PreviewDeps | undefined, basePath: string): (handler: RequestListener) => Server {
  return (handler) =>
    createServer(underBase(basePath, (req, res) => {
      const preview = deps();
      if (!preview || !req.url?.startsWith(PREVIEW_PREFIX)) return handler(req, res);
      void handlePreview(req, res, preview).catch((err: unknown) => {
        preview.log.error({ err }, 'preview failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    }));
}
