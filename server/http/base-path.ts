/**
 * Sub-path hosting (BOXLAB_BASE_PATH): the server works in paths from its root, and the base is handled at the edge.
 * A request's path loses the base before anything routes it (one outside the base is not Boxlab's: 404), and what
 * points back at the server gains it on the way out: redirects' Location and cookies' Path.
 */
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** `url` (path and query) without the base, or undefined when it is outside the base. `''` is the root. */
export function withoutBase(url: string, base: string): string | undefined {
  if (base === '') return url;
  if (!url.startsWith(base)) return undefined;
  const rest = url.slice(base.length);
  if (rest === '') return '/';
  if (rest.startsWith('?')) return `/${rest}`;
  return rest.startsWith('/') ? rest : undefined;
}

/** A Location the server sends: a path from its root gains the base; a full URL or `//host` stays as it is. */
export function locationWithBase(location: string, base: string): string {
  return location.startsWith('/') && !location.startsWith('//') ? base + location : location;
}

/** A Set-Cookie header with its Path under the base (every Boxlab cookie names one). */
export function cookieWithBase(header: string, base: string): string {
  return header.replace(/;\s*Path=(\/[^;]*)/i, (_m, path: string) => `; Path=${path === '/' ? base : base + path}`);
}

/** The request listener, fed only requests inside the base with the base taken off their URL. */
export function underBase(base: string, handler: RequestListener): RequestListener {
  if (base === '') return handler;
  return (req: IncomingMessage, res: ServerResponse) => {
    const inside = withoutBase(req.url ?? '/', base);
    if (inside === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Boxlab is served under ${base}/ on this server.`);
      return;
    }
    req.url = inside;
    handler(req, res);
  };
}

/** Redirects and cookies the app sends, put under the base. */
export function registerBasePath(app: FastifyInstance, base: string): void {
  if (base === '') return;
  app.addHook('onSend', async (_req, reply, payload) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string') reply.header('location', locationWithBase(location, base));
    const cookies = reply.getHeader('set-cookie');
    if (cookies !== undefined) {
      const list = (Array.isArray(cookies) ? cookies : [String(cookies)]).map((c) => cookieWithBase(c, base));
      reply.removeHeader('set-cookie');
      reply.header('set-cookie', list);
    }
    return payload;
  });
}
