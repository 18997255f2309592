/**
 * What the learner types before their shell can take it (the page is connecting, the sandbox is starting,
 * the connection is being made again): kept in order, up to a bound, to be sent once the terminal is
 * attached. Once something did not fit, nothing more is kept until what was kept has been sent, so the
 * shell never receives a command with a hole in it.
 */
export const HELD_INPUT_LIMIT = 16 * 1024;

export class HeldInput {
  private chunks: Uint8Array<ArrayBuffer>[] = [];
  private size = 0;
  private full = false;
  private readonly limit: number;

  constructor(limit = HELD_INPUT_LIMIT) {
    this.limit = limit;
  }

  /** Keep `bytes` for later; false when they are not kept (the bound is reached). */
  hold(bytes: Uint8Array<ArrayBuffer>): boolean {
    if (this.full || this.size + bytes.length > this.limit) {
      this.full = true;
      return false;
    }
    this.chunks.push(bytes);
    this.size += bytes.length;
    return true;
  }

  /** Everything kept, oldest first; afterwards the hold is empty and keeps input again. */
  take(): Uint8Array<ArrayBuffer>[] {
    const chunks = this.chunks;
    this.clear();
    return chunks;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.full = false;
  }

  get bytes(): number {
    return this.size;
  }

  /** Something did not fit: nothing is kept until what was kept has been taken. */
  get refusing(): boolean {
    return this.full;
  }
}
