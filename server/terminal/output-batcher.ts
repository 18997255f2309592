/**
 * Coalesces a shell's output into fewer, larger frames. A flood arrives from the engine in reads of
 * 1–4 KB, thousands a second per terminal; each costs a WebSocket frame, an ack share, and bookkeeping.
 * Output is passed on at once when it answers input (an echo must not wait) or when nothing was passed
 * on for `windowMs`; otherwise it is held until the window ends or `maxBytes` are held.
 */
export class OutputBatcher {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private lastFlush = -Infinity;
  private inputSinceFlush = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly deliver: (data: Buffer) => void;
  private readonly windowMs: number;
  private readonly maxBytes: number;

  constructor(deliver: (data: Buffer) => void, windowMs = 5, maxBytes = 64 * 1024) {
    this.deliver = deliver;
    this.windowMs = windowMs;
    this.maxBytes = maxBytes;
  }

  /** The learner typed: the next output is likely the echo, and goes out at once. */
  inputArrived(): void {
    this.inputSinceFlush = true;
  }

  /** Frames stay within `maxBytes` (or one read, if larger), so flow control's bounds hold. */
  push(chunk: Buffer): void {
    if (this.heldBytes + chunk.length > this.maxBytes) this.flush();
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    const since = performance.now() - this.lastFlush;
    if (this.inputSinceFlush || since >= this.windowMs || this.heldBytes >= this.maxBytes) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), this.windowMs - since);
  }

  /** Pass on whatever is held now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inputSinceFlush = false;
    this.lastFlush = performance.now();
    if (this.heldBytes === 0) return;
    const data = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.deliver(data);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.held = [];
    this.heldBytes = 0;
  }
}
