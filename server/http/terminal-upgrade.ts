/**
 * The gate in front of the terminal WebSocket: the right path, an Origin that is the site's own or allowed
 * (cross-site WebSocket hijacking), and a signed learner cookie. Refusals are plain HTTP answers before any
 * WebSocket exists; what passes is handed to `onSocket` with who it is.
 */
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeCodes } from '../contracts/close-codes.ts';
import { MAX_FRAME_BYTES } from '../contracts/terminal-protocol.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { clientAddress } from './client-address.ts';
import { LEARNER_COOKIE, parseCookies, verifyLearner } from './identity.ts';
import { isOriginAllowed } from './origin.ts';
import { PREVIEW_PREFIX } from './preview-gate.ts';

export const TERMINAL_PATH = '/ws/terminal';

export interface UpgradeGateOptions {
  secret: CookieKeys;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** BOXLAB_BASE_PATH ('' at the root): the socket is at `${basePath}${TERMINAL_PATH}`. */
  basePath: string;
  onSocket: (ws: WebSocket, who: { learner: string; ip: string; instructor: string | undefined }) => void;
  /** The signed-in instructor on a request, if any (workshops: watching a learner). */
  instructorOf?: (req: IncomingMessage) => string | undefined;
}

function refuse(socket: Duplex, status: string, message: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/** Serve the terminal WebSocket on the app's server; every socket is closed (1012) before the app closes. */
export function registerTerminalUpgrade(app: FastifyInstance, opts: UpgradeGateOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://boxlab.invalid').pathname;
    if (path.startsWith(opts.basePath + PREVIEW_PREFIX)) return; // a preview's socket: preview-upgrade.ts answers it
    if (path !== opts.basePath + TERMINAL_PATH) return refuse(socket, '404 Not Found', 'No WebSocket here.');
    if (!isOriginAllowed(req.headers.origin, req.headers.host, opts.allowedOrigins)) {
      app.log.warn({ origin: req.headers.origin }, 'terminal WebSocket refused: foreign origin');
      return refuse(socket, '403 Forbidden', 'This origin may not open a terminal.');
    }
    const learner = verifyLearner(opts.secret, parseCookies(req.headers.cookie).get(LEARNER_COOKIE));
    if (!learner) return refuse(socket, '401 Unauthorized', 'No learner identity: load the site first.');
    const ip = clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, opts.trustProxy);
    const instructor = opts.instructorOf?.(req);
    wss.handleUpgrade(req, socket, head, (ws) => opts.onSocket(ws, { learner, ip, instructor }));
  });
  // preClose, not onClose: the HTTP server waits for open sockets before onClose runs, and upgraded WebSockets
  // would keep it waiting for ever. Shells live on in their sandboxes; clients reconnect after the restart.
  app.addHook('preClose', async () => {
    for (const ws of wss.clients) ws.close(closeCodes.restarting, 'server restarting');
    wss.close();
  });
}
