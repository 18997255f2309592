/**
 * The browser side of the terminal protocol: one WebSocket, reconnect with backoff, output positions
 * for resume, acknowledgements for flow control, and what is typed before the shell can take it kept
 * until it can. No DOM: the view gives it callbacks (and tests and benchmarks in Node use it as is).
 */
import './zod-config.ts';
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
import { HeldInput } from './held-input.ts';

export type ConnectionState = 'connecting' | 'starting' | 'ready' | 'expiring' | 'reconnecting' | 'exited' | 'expired' | 'error';

export interface ConnectionEvents {
  /** Output bytes; call `rendered` once they are on screen. */
  output(data: Uint8Array, rendered: () => void): void;
  /**
   * The serialized screen the server sent on attach instead of a replay: drawn like output, but not
   * numbered and never acknowledged. Without this callback it goes to `output`.
   */
  screen?(data: Uint8Array): void;
  /**
   * The server could not continue the stream from where we were: clear the screen. The server's
   * snapshot of the screen follows as ordinary output (unacknowledged: it is not numbered).
   */
  reset(): void;
  state(state: ConnectionState, message: string): void;
  /**
   * Something to show beside the terminal, not in it: an instructor's broadcast, or how many watch this shell.
   * Never part of the output: not numbered, never acknowledged.
   */
  notice?(notice: TerminalNotice): void;
  /** A step of the terminal's start (queued, creating, the engine starting, setup, opening the shell). */
  step?(step: TerminalStep): void;
  /** What the kernel sees of the sandbox (after `watchKernel(true)`, about once a second). */
  kernel?(figures: Extract<ServerControl, { type: 'kernel' }>): void;
  /** Every control message from the server, after the connection has acted on it. */
  control?(msg: ServerControl): void;
}

export type TerminalNotice = Extract<ServerControl, { type: 'notice' }>;
export type TerminalStep = Extract<ServerControl, { type: 'step' }>;

export interface ConnectionOptions {
  url: string;
  terminal: string;
  /** In a lab (a lesson's `nodes`): the machine whose shell this is; absent: the lab's first. */
  node?: string | undefined;
  lesson: string | undefined;
  size: () => { cols: number; rows: number };
  events: ConnectionEvents;
  /** Opens the WebSocket; the browser's by default (Node passes one that sends a cookie and Origin). */
  socket?: (url: string) => WebSocket;
  /** Watch the shell without typing or resizing it. */
  readOnly?: boolean;
  /** An instructor watching a workshop member's terminal (read-only). */
  watch?: { workshop: string; member: string };
  /** The output position already on screen, sent on the first hello too (later ones send their own count). */
  since?: number;
  /** After a drop, connect again with backoff (the default). False: a closed socket ends the connection. */
  reconnect?: boolean;
  /** False: send no hello when the socket opens; the caller sends its own first message (protocol tests). */
  hello?: boolean;
}


const NOT_TAKEN_YET = 'Your terminal is not ready yet, and what you type now is not taken: type it again once it is.';

export class TerminalConnection {
  private ws: WebSocket | undefined;
  /** The server attached the current socket to the shell: input sent now reaches it. */
  private attached = false;
  /** Typed while not attached; sent, in order, right after the next attach. */
  private readonly held = new HeldInput();
  private received = 0;
  /** Bytes of the attach snapshot still to come; they are drawn but not counted as output. */
  private screenLeft = 0;
  private rendered = 0;
  private acked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private ackDue = 0;
  private attempt = 0;
  /** The server's last refusal on this connection: its sentence, and when trying again can help (if it can). */
  private refusal: { message: string; retryAfterMs: number | undefined } | undefined;
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private everAttached = false;
  /** Where the first hello resumes from (the `since` option); a restart opens a fresh shell, from nothing. */
  private firstSince: number | undefined;
  private stopped = false;
  /** The kernel panel is open: ask for `kernel` frames on every attach. */
  private kernelOn = false;
  private state: ConnectionState = 'connecting';
  private readonly options: ConnectionOptions;
  private readonly events: ConnectionEvents;
  private readonly encoder = new TextEncoder();

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.events = options.events;
    this.firstSince = options.since;
  }

  /** The output position: every numbered byte received so far (what a reconnect resumes from). */
  get position(): number {
    return this.received;
  }

  connect(): void {
    this.stopped = false;
    this.attached = false;
    const ws = this.options.socket ? this.options.socket(this.options.url) : new WebSocket(this.options.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.setState(this.everAttached ? 'reconnecting' : 'connecting', this.everAttached ? 'Reconnecting…' : 'Connecting…');
    ws.onopen = () => {
      if (this.options.hello === false) return;
      const { cols, rows } = this.options.size();
      const since = this.everAttached ? this.received : this.firstSince;
      this.sendControl({
        type: 'hello',
        v: PROTOCOL_VERSION,
        terminal: this.options.terminal,
        ...(this.options.node ? { node: this.options.node } : {}),
        ...(this.options.lesson ? { lesson: this.options.lesson } : {}),
        cols,
        rows,
        ...(since !== undefined ? { since } : {}),
        ...(this.options.readOnly || this.options.watch ? { readOnly: true } : {}),
        ...(this.options.watch ? { watch: this.options.watch } : {}),
      });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') return this.onControl(ev.data);
      const bytes = new Uint8Array(ev.data as ArrayBuffer);
      if (this.screenLeft > 0) {
        this.screenLeft -= bytes.length;
        return this.events.screen ? this.events.screen(bytes) : this.events.output(bytes, () => {});
      }
      this.received += bytes.length;
      // Output of an earlier connection rendered late is not counted: `attached` set the count anew.
      this.events.output(bytes, () => this.ws === ws && this.onRendered(bytes.length));
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.attached = false;
      if (this.stopped) return;
      const refusal = ev.code === closeCodes.unavailable ? this.refusal : undefined;
      this.refusal = undefined;
      // A refusal only the operator can lift (a profile or image this server lacks) is said, not retried.
      if (isFinalClose(ev.code) || this.options.reconnect === false || (refusal && refusal.retryAfterMs === undefined)) {
        this.stopped = true;
        this.held.clear();
        if (refusal) this.setState('error', refusal.message);
        return;
      }
      // The server said when trying again helps (a rate limit, a full or busy host): then, counting down.
      if (refusal?.retryAfterMs !== undefined) return this.retryIn(refusal.retryAfterMs, refusal.message);
      const delay = Math.min(10_000, 500 * 2 ** this.attempt++);
      this.setState('reconnecting', `Connection lost. Reconnecting in ${Math.ceil(delay / 1000)} s…`);
      setTimeout(() => !this.stopped && this.connect(), delay);
    };
  }

  /**
   * Typed keys or pasted text; large pastes are split to the server's frame limit. Before the shell is
   * attached (connecting, starting, reconnecting) it is held and sent once it is.
   */
  input(data: string): void {
    if (this.stopped) return;
    const bytes = this.encoder.encode(data);
    if (this.attached && this.ws?.readyState === WebSocket.OPEN) return this.sendInput(this.ws, bytes);
    // Said once per hold; the frame shows it until the terminal is ready.
    const wasRefusing = this.held.refusing;
    if (!this.held.hold(bytes) && !wasRefusing) this.setState(this.state, NOT_TAKEN_YET);
  }

  resize(cols: number, rows: number): void {
    this.sendControl({ type: 'resize', cols, rows });
  }

  /** Ask the server to keep the sandbox longer (after an `expiring` status). */
  extend(): void {
    this.sendControl({ type: 'extend' });
  }

  /** Ask for (or stop) the sandbox's `kernel` frames; kept across reconnects. */
  watchKernel(on: boolean): void {
    if (this.kernelOn === on) return;
    this.kernelOn = on;
    if (this.attached) this.sendControl({ type: 'kernel', on });
  }

  /** Start a fresh connection after the shell exited (a new shell is opened). */
  restart(): void {
    this.stop();
    this.everAttached = false;
    this.firstSince = undefined;
    this.received = this.rendered = this.acked = this.screenLeft = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.attached = false;
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    this.held.clear();
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.ws?.close(closeCodes.normal);
    this.ws = undefined;
  }

  /** Show the server's sentence with a countdown, and connect again when it reaches zero. */
  private retryIn(ms: number, message: string): void {
    const at = Date.now() + ms;
    const tick = () => {
      const left = Math.ceil((at - Date.now()) / 1000);
      if (this.stopped) return clearInterval(this.retryTimer);
      if (left > 0) return this.setState('reconnecting', `${message.replace(/\s*(It|Your terminal) tries again[^.]*\.\s*$/, '')} Trying again in ${left} s…`);
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
      this.connect();
    };
    clearInterval(this.retryTimer);
    this.retryTimer = setInterval(tick, 1000);
    tick();
  }

  private setState(state: ConnectionState, message: string): void {
    this.state = state;
    this.events.state(state, message);
  }

  private sendInput(ws: WebSocket, bytes: Uint8Array<ArrayBuffer>): void {
    for (let i = 0; i < bytes.length; i += MAX_INPUT_FRAME_BYTES) ws.send(bytes.subarray(i, i + MAX_INPUT_FRAME_BYTES));
  }

  private sendControl(msg: ClientControl): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeControl(msg));
  }

  private onControl(text: string): void {
    const decoded = decodeServerControl(text);
    if (!decoded.ok) return;
    const msg: ServerControl = decoded.value;
    this.act(msg);
    this.events.control?.(msg);
  }

  private act(msg: ServerControl): void {
    switch (msg.type) {
      case 'attached':
        if (!msg.continuous) this.events.reset();
        this.screenLeft = msg.screen;
        this.received = this.rendered = this.acked = msg.position;
        this.everAttached = true;
        this.attempt = 0;
        this.attached = true;
        // What was typed meanwhile goes first, in the order it was typed, once.
        if (this.ws) for (const chunk of this.held.take()) this.sendInput(this.ws, chunk);
        if (this.kernelOn && !msg.readOnly) this.sendControl({ type: 'kernel', on: true });
        return;
      case 'status':
        if (msg.state === 'ready') this.setState('ready', msg.message ?? 'Connected');
        else if (msg.state === 'starting') this.setState('starting', msg.message ?? 'Starting your sandbox…');
        else if (msg.state === 'expired') {
          this.stopped = true;
          this.held.clear();
          this.setState('expired', msg.message ?? 'This terminal has ended. Reload the page for a new one.');
        } else if (msg.state === 'expiring') this.setState('expiring', msg.message ?? 'Your sandbox ends soon.');
        else this.setState(msg.state === 'error' ? 'error' : 'ready', msg.message ?? '');
        return;
      case 'exit':
        this.stopped = true;
        this.held.clear();
        this.setState('exited', 'The shell exited. Press Enter to start a new one.');
        return;
      case 'error':
        this.refusal = { message: msg.message, retryAfterMs: msg.retryAfterMs };
        this.setState('error', msg.message);
        return;
      case 'notice':
        this.events.notice?.(msg);
        return;
      case 'step':
        this.events.step?.(msg);
        return;
      case 'kernel':
        this.events.kernel?.(msg);
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
