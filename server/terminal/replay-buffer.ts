/**
 * The last `capacity` bytes of a terminal's output, addressed by absolute position, so a client that
 * reconnects is sent only what it has not seen. Pure.
 */
export interface Replay {
  /** Absolute position of the first byte in `chunks`. */
  from: number;
  chunks: Uint8Array[];
  /** False when bytes between the requested position and `from` were dropped from the buffer. */
  continuous: boolean;
}

export class ReplayBuffer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** Absolute position one past the last byte ever appended. */
  private endPos = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
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
    this.endPos += chunk.length;
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.subarray(chunk.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** Everything from `position` on (or all that is kept, when `position` is older or absent). */
  since(position: number | undefined): Replay {
    if (position === undefined || position < this.start || position > this.endPos) {
      return { from: this.start, chunks: [...this.chunks], continuous: position === this.start };
    }
    // Walk back from the end: readers (a reconnecting client, the screen mirror) are usually close behind.
    const out: Uint8Array[] = [];
    let need = this.endPos - position;
    for (let i = this.chunks.length - 1; i >= 0 && need > 0; i--) {
      const c = this.chunks[i]!;
      out.push(c.length <= need ? c : c.subarray(c.length - need));
      need -= Math.min(need, c.length);
    }
    out.reverse();
    return { from: position, chunks: out, continuous: true };
  }
}
