/**
 * A lean terminal client for benchmarks: keeps no output (only a count and a short tail), so what the
 * benchmark process holds is the server's, not the client's. Speaks Boxlab's protocol, or nothing at all
 * for the baseline bridge (raw bytes both ways).
 */
import WebSocket from 'ws';
import { ackDelay, decodeServerControl, encodeControl, PROTOCOL_VERSION } from '../server/contracts/terminal-protocol.ts';

export interface LeanOptions {
  url: string;
  cookie?: string;
  origin?: string;
  /** Boxlab's hello; absent for the baseline. */
  hello?: { lesson: string; terminal: string; cols: number; rows: number };
  /** Acknowledge output as it arrives (a fast reader), as often as the browser does. */
  ack: boolean;
}

const TAIL = 512;

export class LeanClient {
  readonly ws: WebSocket;
  bytes = 0;
  position = 0;
  tail = '';
  closed = false;
  /** The sandbox (container name) Boxlab attached this client to; the baseline execs into the same one. */
  sandbox: string | undefined;
  private acked = 0;
  /** Bytes of an attach snapshot still to come: drawn, not numbered. */
  private screenLeft = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private ackDue = 0;
  private waiter: (() => void) | undefined;

  private constructor(ws: WebSocket, ack: boolean) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.bytes += data.length;
        if (this.screenLeft > 0) this.screenLeft -= data.length;
        else this.position += data.length;
        const s = data.length > TAIL ? data.subarray(data.length - TAIL).toString('latin1') : data.toString('latin1');
        this.tail = (this.tail + s).slice(-TAIL);
        if (ack) this.scheduleAck();
      } else {
        const msg = decodeServerControl(data.toString('utf8'));
        if (msg.ok && msg.value.type === 'attached') {
          this.position = this.acked = msg.value.position;
          this.sandbox = msg.value.sandbox;
          this.screenLeft = msg.value.screen;
        }
      }
      this.waiter?.();
    });
    ws.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** As the browser does (src/client/terminal-connection.ts). */
  private scheduleAck(): void {
    const delay = ackDelay(this.position - this.acked);
    if (delay === 0) return this.sendAck();
    const due = Date.now() + delay;
    if (this.ackTimer && this.ackDue <= due) return;
    clearTimeout(this.ackTimer);
    this.ackDue = due;
    this.ackTimer = setTimeout(() => this.sendAck(), delay);
  }

  private sendAck(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.closed || this.acked === this.position) return;
    this.acked = this.position;
    this.ws.send(encodeControl({ type: 'ack', position: this.position }));
  }

  static async open(o: LeanOptions): Promise<LeanClient> {
    const headers: Record<string, string> = {};
    if (o.cookie) headers['cookie'] = o.cookie;
    if (o.origin) headers['origin'] = o.origin;
    const ws = new WebSocket(o.url, { headers, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new LeanClient(ws, o.ack);
    if (o.hello) ws.send(encodeControl({ type: 'hello', v: PROTOCOL_VERSION, ...o.hello }));
    return c;
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
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
    clearTimeout(this.ackTimer);
    this.ws.terminate();
  }
}
