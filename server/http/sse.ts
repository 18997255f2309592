/**
 * Server-sent events on a Fastify reply: headers, one JSON event per `send`, a comment every 15 s so proxies keep
 * the stream open, and cleanup when the browser leaves. The EventSource in the page reconnects by itself.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Called once when the browser leaves (or the server closes the stream). */
  onClose(fn: () => void): void;
}

export function openEventStream(req: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx and its kin buffer responses unless told not to.
    'x-accel-buffering': 'no',
  });
  res.write(': open\n\n');
  const closers: (() => void)[] = [];
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    closers.forEach((fn) => fn());
  };
  req.raw.on('close', close);
  res.on('close', close);
  return {
    send: (event, data) => {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose: (fn) => closers.push(fn),
  };
}
