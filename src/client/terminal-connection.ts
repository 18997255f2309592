/**
 * The browser side of the terminal protocol: one WebSocket, reconnect with backoff, output positions
 * for resume, acknowledgements for flow control. No DOM: the view gives it callbacks.
 */
import {
  ackDelay,
  decodeServerControl,
  encodeControl,
  MAX_INPUT_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ClientControl,
  type ServerControl,
} from '../../server/contracts/terminal-protocol.ts';
import { closeCodes, isFinalClose } from '../../server/contracts/close-codes.ts';

export type ConnectionState = 'connecting' | 'starting' | 'ready' | 'expiring' | 'reconnecting' | 'exited' | 'expired' | 'error';

export interface ConnectionEvents {
  /** Output bytes; call `rendered` once they are on screen. */
  output(data: Uint8Array, rendered: () => void): void;
  /**
   * The server could not continue the stream from where we were: clear the screen. The server's
   * snapshot of the screen follows as ordinary output (unacknowledged: it is not numbered).
   */
  reset(): void;
  state(state: ConnectionState, message: string): void;
}

export interface ConnectionOptions {
  url: string;
  terminal: string;
  lesson: string | undefined;
  size: () => { cols: number; rows: number };
  events: ConnectionEvents;
  /** Opens the WebSocket; the browser's by default (tests in Node pass one that sends a cookie). */
  socket?: (url: string) => WebSocket;
}

export class TerminalConnection {
  private ws: WebSocket | undefined;
  private received = 0;
  /** Bytes of the attach snapshot still to come; they are drawn but not counted as output. */
  private screenLeft = 0;
  private rendered = 0;
  private acked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private ackDue = 0;
  private attempt = 0;
  private everAttached = false;
  private stopped = false;
  private readonly o: ConnectionOptions;
  private readonly encoder = new TextEncoder();

  constructor(options: ConnectionOptions) {
    this.o = options;
  }

  connect(): void {
    this.stopped = false;
    const ws = this.o.socket ? this.o.socket(this.o.url) : new WebSocket(this.o.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.o.events.state(this.everAttached ? 'reconnecting' : 'connecting', this.everAttached ? 'Reconnecting…' : 'Connecting…');
    ws.onopen = () => {
      const { cols, rows } = this.o.size();
      this.sendControl({
        type: 'hello',
        v: PROTOCOL_VERSION,
        terminal: this.o.terminal,
        ...(this.o.lesson ? { lesson: this.o.lesson } : {}),
        cols,
        rows,
        ...(this.everAttached ? { since: this.received } : {}),
      });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') return this.onControl(ev.data);
      const bytes = new Uint8Array(ev.data as ArrayBuffer);
      if (this.screenLeft > 0) {
        this.screenLeft -= bytes.length;
        return this.o.events.output(bytes, () => {});
      }
      this.received += bytes.length;
      // Output of an earlier connection rendered late is not counted: `attached` set the count anew.
      this.o.events.output(bytes, () => this.ws === ws && this.onRendered(bytes.length));
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (this.stopped) return;
      if (isFinalClose(ev.code)) return;
      const delay = Math.min(10_000, 500 * 2 ** this.attempt++);
      this.o.events.state('reconnecting', `Connection lost. Reconnecting in ${Math.ceil(delay / 1000)} s…`);
      setTimeout(() => !this.stopped && this.connect(), delay);
    };
  }

  /** Typed keys or pasted text; large pastes are split to the server's frame limit. */
  input(data: string): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const bytes = this.encoder.encode(data);
    for (let i = 0; i < bytes.length; i += MAX_INPUT_FRAME_BYTES) this.ws.send(bytes.subarray(i, i + MAX_INPUT_FRAME_BYTES));
  }

  resize(cols: number, rows: number): void {
    this.sendControl({ type: 'resize', cols, rows });
  }

  /** Ask the server to keep the sandbox longer (after an `expiring` status). */
  extend(): void {
    this.sendControl({ type: 'extend' });
  }

  /** Start a fresh connection after the shell exited (a new shell is opened). */
  restart(): void {
    this.stop();
    this.everAttached = false;
    this.received = this.rendered = this.acked = this.screenLeft = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close(closeCodes.normal);
    this.ws = undefined;
  }

  private sendControl(msg: ClientControl): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeControl(msg));
  }

  private onControl(text: string): void {
    const decoded = decodeServerControl(text);
    if (!decoded.ok) return;
    const msg: ServerControl = decoded.value;
    switch (msg.type) {
      case 'attached':
        if (!msg.continuous) this.o.events.reset();
        this.screenLeft = msg.screen;
        this.received = this.rendered = this.acked = msg.position;
        this.everAttached = true;
        this.attempt = 0;
        return;
      case 'status':
        if (msg.state === 'ready') this.o.events.state('ready', msg.message ?? 'Connected');
        else if (msg.state === 'starting') this.o.events.state('starting', msg.message ?? 'Starting your sandbox…');
        else if (msg.state === 'expired') {
          this.stopped = true;
          this.o.events.state('expired', msg.message ?? 'This terminal has ended. Reload the page for a new one.');
        } else if (msg.state === 'expiring') this.o.events.state('expiring', msg.message ?? 'Your sandbox ends soon.');
        else this.o.events.state(msg.state === 'error' ? 'error' : 'ready', msg.message ?? '');
        return;
      case 'exit':
        this.stopped = true;
        this.o.events.state('exited', 'The shell exited. Press Enter to start a new one.');
        return;
      case 'error':
        this.o.events.state('error', msg.message);
        return;
      case 'pong':
        return;
    }
  }

  private onRendered(bytes: number): void {
    this.rendered += bytes;
    const delay = ackDelay(this.rendered - this.acked);
    if (delay === 0) return this.sendAck();
    // A pending ack for a trickle comes sooner once more output arrives.
    const due = Date.now() + delay;
    if (this.ackTimer && this.ackDue <= due) return;
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackDue = due;
    this.ackTimer = setTimeout(() => this.sendAck(), delay);
  }

  private sendAck(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.rendered === this.acked) return;
    this.acked = this.rendered;
    this.sendControl({ type: 'ack', position: this.rendered });
  }
}
