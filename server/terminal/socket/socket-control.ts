/** Control frames after the hello: resize, ack (flow control), ping, extend, kernel. A second hello is refused. */
import type { ClientControl } from '../../contracts/terminal-protocol.ts';
import { errorCodes } from '../../contracts/errors.ts';
import type { SocketContext } from './socket-context.ts';
import { onHello } from './socket-hello.ts';

export function onControl(ctx: SocketContext, msg: ClientControl, helloArrived: () => void): void {
  const { session, sandbox } = ctx;
  switch (msg.type) {
    case 'hello':
      if (ctx.helloSeen) return ctx.send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: 'hello was already received' });
      ctx.helloSeen = true;
      helloArrived();
      void onHello(ctx, msg);
      return;
    case 'resize':
      if (ctx.readOnly) return ctx.refuseReadOnly();
      if (session) void session.resize(ctx.client, msg.cols, msg.rows).catch(() => undefined);
      return;
    case 'ack':
      session?.ack(ctx.client, msg.position);
      return;
    case 'ping':
      ctx.send({ type: 'pong', t: msg.t });
      return;
    case 'kernel':
      ctx.kernelFeed?.set(msg.on);
      return;
    case 'extend':
      if (sandbox && !ctx.readOnly) {
        // A workshop's learner extends by the workshop's sandbox lifetime, not the server's.
        const ttlMs = ctx.deps.acquirePolicy?.(ctx.learner).ttlMs;
        void ctx.deps.manager.extend(sandbox, ttlMs).then(
          (until) => ctx.send({ type: 'status', state: 'ready', message: `Extended: your sandbox now lasts until ${new Date(until).toISOString().slice(11, 16)} UTC.` }),
          (err: unknown) => ctx.deps.log.warn({ err, sandbox: sandbox.id }, 'could not extend sandbox'),
        );
      }
      return;
  }
}
