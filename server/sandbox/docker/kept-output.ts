/**
 * What an exec's output keeps: the first and the last `keep` bytes. A check runs as the learner, whose own
 * processes can write into it (or into a file it prints) for the whole timeout; all of it would be server
 * memory. Its readers want the start (a check's message), the end (a setup script's error, the exit status line).
 */
export const EXEC_OUTPUT_KEEP = 64 * 1024;

export class KeptOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private dropped = 0;
  private readonly keep: number;

  constructor(keep: number) {
    this.keep = keep;
  }

  add(chunk: Buffer): void {
    if (this.headBytes < this.keep) {
      const take = chunk.subarray(0, this.keep - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
      if (chunk.length === 0) return;
    }
    const joined = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const over = Math.max(0, joined.length - this.keep);
    this.dropped += over;
    // A copy, so a large chunk is not kept alive by a small view of it.
    this.tail = over ? Buffer.from(joined.subarray(over)) : joined;
  }

  text(): string {
    const gap = this.dropped ? [Buffer.from(`\n[… ${this.dropped} bytes of output left out …]\n`)] : [];
    return Buffer.concat([...this.head, ...gap, this.tail]).toString('utf8');
  }
}
