/**
 * Server-sent events on a Fastify reply: headers, one JSON event per `send`, a comment every 15 s so proxies keep
 * the stream open, and cleanup when the browser leaves. The EventSource in the page reconnects by itself.
 * `EventStreams` keeps every open stream of an app, ends them all when it closes (a hijacked reply would keep
 * `app.close()` waiting for ever), and bounds how many one client may hold.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes } from '../contracts/errors.ts';
import { BoxlabError } from '../domain/errors.ts';

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Called once when the browser leaves (or the server closes the stream). */
  onClose(fn: () => void): void;
}

/** Open streams per client key (a learner, an instructor): a few tabs, not a flood. */
const PER_CLIENT = 8;

export class EventStreams {
  private readonly open = new Map<FastifyReply, string>();

  constructor(app: FastifyInstance) {
    app.addHook('preClose', async () => {
      for (const reply of this.open.keys()) reply.raw.end();
    });
  }

  /** Open a stream for `client`; refused (429) when that client already holds too many. */
  start(req: FastifyRequest, reply: FastifyReply, client: string): EventStream {
    let held = 0;
    for (const who of this.open.values()) if (who === client) held++;
    if (held >= PER_CLIENT) throw new BoxlabError(errorCodes.RATE_LIMITED, `At most ${PER_CLIENT} live views at once: close another tab first.`);
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
    this.open.set(reply, client);
    const closers: (() => void)[] = [];
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.open.delete(reply);
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
}
