/**
 * The last `capacity` bytes of a terminal's output, addressed by absolute position, so a client that
 * reconnects is sent only what it has not seen. Pure.
 *
 * The bytes are copied into one ring that is reused for the terminal's life, instead of keeping the
 * frames themselves. A kept frame lives long enough (a flood's 256 KiB is a quarter of a second) to be
 * promoted to V8's old generation, whose external memory is freed only by a full collection: under 20
 * floods that was tens of MB of dead frames waiting, counted in the server's RSS. Frames now die young.
 * The ring starts small and doubles up to `capacity`, so an idle terminal holds a few KiB.
 */
export interface Replay {
  /** Absolute position of the first byte in `chunks`. */
  from: number;
  /** Copies: the ring is overwritten as output arrives, these are not. */
  chunks: Uint8Array[];
  /** False when bytes between the requested position and `from` were dropped from the buffer. */
  continuous: boolean;
}

const FIRST_RING = 4 * 1024;

export class ReplayBuffer {
  private ring: Uint8Array = new Uint8Array(0);
  private size = 0;
  /** Absolute position one past the last byte ever appended. */
  private endPos = 0;
  private readonly capacity: number;
  /** Position of the first byte ever appended. */
  readonly base: number;

  /** `base`: the position the first byte gets (a session numbers from a base of its own; terminal-session.ts). */
  constructor(capacity: number, base = 0) {
    this.capacity = capacity;
    this.base = base;
    this.endPos = base;
  }

  get end(): number {
    return this.endPos;
  }

  get start(): number {
    return this.endPos - this.size;
  }

  get bytes(): number {
    return this.size;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const data = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    // Before the end moves: growing copies what is held from `start`, which follows the end.
    this.grow(Math.min(this.capacity, this.size + data.length));
    this.endPos += chunk.length;
    const ring = this.ring;
    const at = this.endPos - data.length;
    const i = at % ring.length;
    const first = Math.min(data.length, ring.length - i);
    ring.set(data.subarray(0, first), i);
    if (first < data.length) ring.set(data.subarray(first), 0);
    this.size = Math.min(this.capacity, this.size + data.length);
  }

  /**
   * A copy of everything from `position` on (or all that is kept, when `position` is older or absent),
   * at most `max` bytes of it.
   */
  since(position: number | undefined, max = Infinity): Replay {
    const inside = position !== undefined && position >= this.start && position <= this.endPos;
    const from = inside ? position : this.start;
    const length = Math.min(this.endPos - from, max);
    const chunks = length > 0 ? [this.copy(from, length)] : [];
    return { from, chunks, continuous: inside || position === this.start };
  }

  private copy(from: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const ring = this.ring;
    const i = from % ring.length;
    const first = Math.min(length, ring.length - i);
    out.set(ring.subarray(i, i + first), 0);
    if (first < length) out.set(ring.subarray(0, length - first), first);
    return out;
  }

  /** Make the ring hold at least `need` bytes, keeping what it holds at the same positions. */
  private grow(need: number): void {
    if (need <= this.ring.length) return;
    let size = Math.max(this.ring.length, FIRST_RING);
    while (size < need) size *= 2;
    size = Math.min(size, this.capacity);
    const kept = this.size > 0 ? this.copy(this.start, this.size) : undefined;
    this.ring = new Uint8Array(size);
    if (kept) {
      // Positions map to `position % size`; the kept bytes go where they now belong.
      const i = this.start % size;
      const first = Math.min(kept.length, size - i);
      this.ring.set(kept.subarray(0, first), i);
      if (first < kept.length) this.ring.set(kept.subarray(first), 0);
    }
  }
}
