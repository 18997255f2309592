/**
 * The browser's TerminalConnection (src/client/terminal-connection.ts) in Node, for tests and benchmarks:
 * the same hello, positions, acknowledgements and held input, over a `ws` socket that sends the cookie and
 * Origin a browser would. It connects once: a drop ends it (the caller sees the close) instead of
 * reconnecting.
 */
import WebSocket from 'ws';
import { TerminalConnection, type ConnectionEvents } from '../../src/client/terminal-connection.ts';

export interface NodeConnectionOptions {
  /** The terminal's WebSocket URL (`ws://host:port/ws/terminal`). */
  url: string;
  cookie?: string;
  origin?: string;
  terminal: string;
  /** A lab's machine (the hello's `node`). */
  node?: string | undefined;
  lesson: string | undefined;
  cols: number;
  rows: number;
  since?: number;
  readOnly?: boolean;
  watch?: { workshop: string; member: string };
  /** False: send no hello; the caller sends its own first message on `ws`. */
  hello?: boolean;
  /** `output` at least; the others default to doing nothing. */
  events: Pick<ConnectionEvents, 'output'> & Partial<ConnectionEvents>;
}

export interface NodeConnection {
  connection: TerminalConnection;
  /** The socket itself, for what a browser cannot do: raw frames, vanishing without a close frame. */
  ws: WebSocket;
  /** Resolves once the socket is open; rejects with the HTTP status when the upgrade is refused. */
  opened: Promise<void>;
}

/** Start connecting (the events may already come while `opened` settles). */
export function connectNode(options: NodeConnectionOptions): NodeConnection {
  const headers: Record<string, string> = {};
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.origin) headers['origin'] = options.origin;
  let socket: WebSocket | undefined;
  const connection = new TerminalConnection({
    url: options.url,
    terminal: options.terminal,
    ...(options.node ? { node: options.node } : {}),
    lesson: options.lesson,
    size: () => ({ cols: options.cols, rows: options.rows }),
    events: { reset: () => {}, state: () => {}, ...options.events },
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.watch ? { watch: options.watch } : {}),
    ...(options.hello === false ? { hello: false } : {}),
    reconnect: false,
    socket: (url) => {
      socket = new WebSocket(url, { headers, perMessageDeflate: false });
      // `ws` has the browser's WebSocket interface (onopen, onmessage, binaryType 'arraybuffer', …).
      return socket as unknown as globalThis.WebSocket;
    },
  });
  connection.connect();
  const ws = socket!;
  // A socket error is followed by its close, which the connection and the caller see; unheard, it would throw.
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused: ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
  return { connection, ws, opened };
}
