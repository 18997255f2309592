/**
 * One WebSocket ↔ one terminal. Waits for the client's hello (socket/socket-hello.ts), then passes control frames
 * (socket-control.ts) and keystrokes (socket-input.ts) on. Bad messages get an error frame, never a crash. A
 * vanished client (no close frame) is found by the heartbeat and released like any other.
 */
import type { WebSocket } from 'ws';
import { decodeClientControl } from '../contracts/terminal-protocol.ts';
import { errorCodes } from '../contracts/errors.ts';
import { socketContext, type SocketDeps, type SocketPeer } from './socket/socket-context.ts';
import { onControl } from './socket/socket-control.ts';
import { inputHandler } from './socket/socket-input.ts';
import { kernelFeed } from './socket/socket-kernel.ts';

export type { SocketDeps, SocketPeer } from './socket/socket-context.ts';

export function handleTerminalSocket(ws: WebSocket, who: SocketPeer, deps: SocketDeps): void {
  const ctx = socketContext(ws, who, deps);
  ctx.kernelFeed = kernelFeed(ctx);
  const helloTimer = setTimeout(() => ctx.fail(errorCodes.BAD_MESSAGE, 'No hello received; the client must introduce itself first.'), deps.helloTimeoutMs);
  const onInput = inputHandler(ctx);

  ws.on('message', (data, isBinary) => {
    // ws hands over Buffers (binaryType nodebuffer); no copy on the keystroke path.
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) return onInput(bytes);
    const decoded = decodeClientControl(bytes.toString('utf8'));
    if (!decoded.ok) return ctx.send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: decoded.message });
    onControl(ctx, decoded.value, () => clearTimeout(helloTimer));
  });

  let alive = true;
  ws.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 30_000);

  ws.on('close', () => {
    ctx.left.abort();
    ctx.kernelFeed?.stop();
    clearTimeout(helloTimer);
    clearInterval(heartbeat);
    ctx.session?.detach(ctx.client);
    ctx.release?.();
  });
  ws.on('error', (err) => deps.log.warn({ err, learner: who.learner }, 'terminal socket error'));
}
