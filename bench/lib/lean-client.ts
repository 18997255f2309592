/**
 * A lean terminal client for benchmarks: keeps no output (only a count and a short tail), so what the
 * benchmark process holds is the server's, not the client's. Speaks Boxlab's protocol with the page's own
 * code (TerminalConnection, as tests/helpers/node-connection.ts runs it in Node: a fast reader that renders
 * at once and acknowledges as the browser does), or nothing at all for the baseline bridge (raw bytes both
 * ways).
 */
import WebSocket from 'ws';
import { connectNode } from '../../tests/helpers/node-connection.ts';

export interface BoxlabTerminal {
  url: string;
  cookie: string;
  origin: string;
  lesson: string;
  terminal: string;
  cols: number;
  rows: number;
}

const TAIL = 512;

export class LeanClient {
  /** Every byte of output, the attach snapshot's included. */
  bytes = 0;
  tail = '';
  closed = false;
  /** The sandbox (container name) Boxlab attached this client to; the baseline execs into the same one. */
  sandbox: string | undefined;
  private waiter: (() => void) | undefined;
  private send: (keys: string) => void = () => {};
  private end: () => void = () => {};

  /** A terminal of Boxlab's. */
  static async boxlab(o: BoxlabTerminal): Promise<LeanClient> {
    const c = new LeanClient();
    const { connection, ws, opened } = connectNode({
      ...o,
      events: {
        output: (data, rendered) => {
          c.received(data);
          rendered();
        },
        screen: (data) => c.received(data),
        control: (msg) => {
          if (msg.type === 'attached') c.sandbox = msg.sandbox;
        },
      },
    });
    c.watch(ws);
    c.send = (keys) => connection.input(keys);
    c.end = () => {
      connection.stop();
      ws.terminate();
    };
    await opened;
    return c;
  }

  /** A shell of the baseline bridge: no protocol, raw bytes both ways. */
  static async raw(url: string): Promise<LeanClient> {
    const c = new LeanClient();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => c.received(data));
    c.watch(ws);
    c.send = (keys) => ws.send(Buffer.from(keys), { binary: true });
    c.end = () => ws.terminate();
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  type(text: string): void {
    this.send(text);
  }

  /** Resolve once `done()` holds, checked on every message (one waiter at a time). */
  until(done: () => boolean, timeoutMs = 60_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`bench client timed out; tail: ${JSON.stringify(this.tail.slice(-120))}`));
      }, timeoutMs);
      this.waiter = () => {
        if (!done() && !this.closed) return;
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
  }

  /** The tail ends in a prompt (a restored screen may add mode settings after it). */
  atPrompt(): boolean {
    return /\$ (\x1b\[[0-9;?]*[A-Za-z])*$/.test(this.tail);
  }

  close(): void {
    this.end();
  }

  private received(data: Uint8Array): void {
    this.bytes += data.length;
    const last = data.length > TAIL ? data.subarray(data.length - TAIL) : data;
    this.tail = (this.tail + Buffer.from(last.buffer, last.byteOffset, last.length).toString('latin1')).slice(-TAIL);
    this.waiter?.();
  }

  private watch(ws: WebSocket): void {
    ws.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }
}
