/**
 * WebSockets through the web preview: an upgrade request on `/preview/<key>/<port>/…` reaches the learner's own
 * sandbox on that port (a notebook's kernel channels, a dev server's live reload), behind the same gate as the
 * preview's HTTP requests (signed learner cookie, the sandbox the learner holds for that lesson). The app's answer
 * to the handshake comes back with its headers checked like an HTTP answer's; after a 101 the bytes are relayed as
 * they are, both ways, with backpressure. A socket closes when either side closes, when nothing passed for
 * PREVIEW_SOCKET_IDLE_MS, when the sandbox goes (its relay ends), and when the server closes.
 */
import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { withoutBase } from './base-path.ts';
import { parseCookies } from './identity.ts';
import { isOriginAllowed } from './origin.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import { appPath, parseOriginUrl, PREVIEW_ORIGIN_COOKIE } from './preview-origin.ts';
import { verifyTicket } from './preview-ticket.ts';
import { forwardedCookie, ownSandbox, parsePreviewUrl, PREVIEW_CSP, PREVIEW_PREFIX, PREVIEW_REFERRER_POLICY, previewLearner, withoutLearnerCookie, type PreviewDeps } from './preview-gate.ts';

/** A socket with no bytes either way for this long is closed (a client that wants it reconnects). */
export const PREVIEW_SOCKET_IDLE_MS = 15 * 60_000;
/** At most this many preview WebSockets per learner at once: a page cannot pile up engine connections. */
export const PREVIEW_SOCKETS_PER_LEARNER = 16;
/** How long the app in the sandbox has to answer the handshake. */
const HANDSHAKE_MS = 15_000;

export interface PreviewSockets {
  /** Whether this upgrade request is a preview's (its path, with the base): then `handle` answers it. */
  wants(url: string | undefined): boolean;
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** An upgrade request on the preview origin (preview-origin.ts): its cookie, its Origin, its address forms. */
  handleOrigin(req: IncomingMessage, socket: Duplex, head: Buffer, origin: string): void;
  /** End every preview socket (the server is closing). */
  closeAll(): void;
}

/** A plain HTTP answer instead of a WebSocket; `then` runs once it is written. */
function refuse(socket: Duplex, status: string, message: string, then?: () => void): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`, then);
}

/** The raw HTTP head of the app's answer, passed on to the browser. */
function answerHead(status: number, message: string, headers: OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${message.replace(/[\r\n]/g, '')}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of ([] as (string | number)[]).concat(value)) lines.push(`${name}: ${String(v).replace(/[\r\n]/g, '')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function previewSockets(deps: () => PreviewDeps | undefined, basePath: string): PreviewSockets {
  const sockets = new Set<Duplex>();
  const perLearner = new Map<string, number>();

  const wants = (url: string | undefined) => deps() !== undefined && (withoutBase(url ?? '/', basePath)?.startsWith(PREVIEW_PREFIX) ?? false);

  function handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Once upgraded the socket is ours: a browser that resets it mid-answer must not throw.
    socket.on('error', () => socket.destroy());
    const preview = deps();
    const target = preview && parsePreviewUrl(withoutBase(req.url ?? '/', basePath));
    if (!preview || !target || !target.path) return refuse(socket, '404 Not Found', 'Preview addresses look like /preview/<lesson>/<port>/.');
    // A preview page has an opaque origin ('null'); Boxlab's own pages may open one too. Any other site may not.
    const origin = req.headers.origin;
    if (origin !== 'null' && !isOriginAllowed(origin, req.headers.host, preview.allowedOrigins)) {
      return refuse(socket, '403 Forbidden', 'This origin may not open a preview socket.');
    }
    const cookies = parseCookies(req.headers.cookie);
    // A ticket in the address (a preview page's own socket, which carries no cookie) or the cookie.
    const sandbox = ownSandbox(previewLearner(cookies, target, preview), target.key, preview);
    if (!sandbox || target.prefixed) return refuse(socket, '404 Not Found', 'No sandbox to preview: open the lesson first.');
    open(preview, req, socket, head, sandbox, target.port, target.path + target.search, { 'content-security-policy': PREVIEW_CSP, 'referrer-policy': PREVIEW_REFERRER_POLICY });
  }

  function handleOrigin(req: IncomingMessage, socket: Duplex, head: Buffer, origin: string): void {
    socket.on('error', () => socket.destroy());
    const preview = deps();
    const r = parseOriginUrl(req.url);
    if (!preview || r?.kind !== 'app' || !r.path) return refuse(socket, '404 Not Found', 'No such preview.');
    // Only the preview origin's own pages may open its sockets (its cookie is SameSite=Lax, but be plain about it).
    if (req.headers.origin !== origin) return refuse(socket, '403 Forbidden', 'This origin may not open a preview socket.');
    const cookies = parseCookies(req.headers.cookie);
    const learner = verifyTicket(preview.secret, cookies.get(PREVIEW_ORIGIN_COOKIE) ?? '', r.key, Date.now());
    const sandbox = ownSandbox(learner, r.key, preview);
    if (!sandbox) return refuse(socket, '404 Not Found', 'No sandbox to preview: open the preview from the lesson.');
    open(preview, req, socket, head, sandbox, r.port, appPath(r), {});
  }

  /** Counted against the learner's limit, connected into the sandbox, then relayed. */
  function open(preview: PreviewDeps, req: IncomingMessage, socket: Duplex, head: Buffer, sandbox: ClaimedSandbox, port: number, path: string, answerHeaders: OutgoingHttpHeaders): void {
    const learner = sandbox.learner;
    if ((perLearner.get(learner) ?? 0) >= PREVIEW_SOCKETS_PER_LEARNER) {
      return refuse(socket, '429 Too Many Requests', `At most ${PREVIEW_SOCKETS_PER_LEARNER} preview sockets at once.`);
    }
    // Counted from here, before the first await, so simultaneous handshakes cannot pass the limit together.
    sockets.add(socket);
    perLearner.set(learner, (perLearner.get(learner) ?? 0) + 1);
    let upstream: Duplex | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      sockets.delete(socket);
      const left = (perLearner.get(learner) ?? 1) - 1;
      if (left > 0) perLearner.set(learner, left);
      else perLearner.delete(learner);
      socket.destroy();
      upstream?.destroy();
    };
    socket.on('close', end);
    socket.on('error', end);

    void preview.runtime.connect(sandbox.id, port, sandbox.profile.user).then(
      (stream) => {
        upstream = stream;
        if (ended) return void stream.destroy();
        preview.manager.touch(sandbox);
        relay(req, socket, head, stream, port, path, answerHeaders, end);
      },
      (err: unknown) => {
        preview.log.warn({ err, sandbox: sandbox.id }, 'preview socket: connection failed');
        refuse(socket, '502 Bad Gateway', 'Your sandbox could not be reached.', end);
      },
    );
  }

  return {
    wants,
    handle,
    handleOrigin,
    closeAll() {
      for (const s of sockets) s.destroy();
    },
  };
}

/** Send the handshake to the app, pass its answer back, then relay bytes until either side ends. */
function relay(req: IncomingMessage, socket: Duplex, head: Buffer, upstream: Duplex, port: number, path: string, answerHeaders: OutgoingHttpHeaders, end: () => void): void {
  const headers: OutgoingHttpHeaders = { ...req.headers, host: `localhost:${port}` };
  const cookie = forwardedCookie(req.headers.cookie);
  if (cookie) headers['cookie'] = cookie;
  else delete headers['cookie'];
  // Boxlab checked where the page came from; the app sees its own origin, as a browser on its port would send.
  // (A preview page's origin is opaque, 'null', which apps that compare Origin with Host refuse.)
  headers['origin'] = `http://localhost:${port}`;
  const proxied = request({ createConnection: () => upstream as unknown as Socket, method: req.method ?? 'GET', path, headers });
  const handshake = setTimeout(() => {
    refuse(socket, '504 Gateway Timeout', `The server on port ${port} did not answer the handshake.`, end);
  }, HANDSHAKE_MS);
  socket.on('close', () => clearTimeout(handshake));
  proxied.on('upgrade', (answer: IncomingMessage, appSocket: Socket, appHead: Buffer) => {
    clearTimeout(handshake);
    const out: OutgoingHttpHeaders = { ...answer.headers, ...answerHeaders };
    const setCookie = withoutLearnerCookie(answer.headers['set-cookie']);
    if (setCookie.length) out['set-cookie'] = setCookie;
    else delete out['set-cookie'];
    socket.write(answerHead(answer.statusCode ?? 101, answer.statusMessage ?? 'Switching Protocols', out));
    if (appHead.length) socket.write(appHead);
    if (head.length) appSocket.write(head);
    // Idle: no bytes either way for PREVIEW_SOCKET_IDLE_MS (the sandbox's side is a stream, not a TCP socket).
    const idle = setTimeout(end, PREVIEW_SOCKET_IDLE_MS);
    const active = () => idle.refresh();
    socket.on('data', active);
    appSocket.on('data', active);
    socket.on('close', () => clearTimeout(idle));
    appSocket.on('close', end);
    appSocket.on('error', end);
    upstream.on('close', end);
    socket.pipe(appSocket);
    appSocket.pipe(socket);
  });
  proxied.on('response', (answer) => {
    // The app declined the upgrade (a 403, a 404): pass its answer on, then close.
    clearTimeout(handshake);
    const out: OutgoingHttpHeaders = { ...answer.headers, connection: 'close', ...answerHeaders };
    delete out['set-cookie'];
    delete out['transfer-encoding'];
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (c: Buffer) => {
      if (size < 64 * 1024) chunks.push(c);
      size += c.length;
    });
    answer.on('end', () => {
      const body = Buffer.concat(chunks).subarray(0, 64 * 1024);
      out['content-length'] = body.length;
      socket.end(Buffer.concat([Buffer.from(answerHead(answer.statusCode ?? 502, answer.statusMessage ?? '', out)), body]), end);
    });
    answer.on('error', end);
  });
  proxied.on('error', () => {
    clearTimeout(handshake);
    refuse(socket, '502 Bad Gateway', `Nothing answers on port ${port} in your sandbox.`, end);
  });
  proxied.end();
}
