/**
 * Old scrollback kept as serialized text rather than as xterm cells. The mirror's own buffer costs 12
 * bytes per cell (7 MB for 5000 lines of 120 columns); a line of text costs about its length. Lines that
 * scrolled far enough up no longer change, so the mirror hands them here in chunks. Pure.
 */
export interface ArchiveLimits {
  /** Lines kept: at least this many once there were, at most this plus one chunk. */
  lines: number;
  /** Most bytes kept (lines full of colour changes serialize long). */
  bytes: number;
}

interface Chunk {
  /** UTF-8: the serializer's strings are ropes of many small pieces, far larger than their text. */
  bytes: Uint8Array;
  lines: number;
}

const encoder = new TextEncoder();
/** Between chunks and at the end: reset colours a chunk may leave set, and start a new line. */
const SEAM = encoder.encode('\x1b[0m\r\n');

export class ScrollbackArchive {
  private chunks: Chunk[] = [];
  private lineCount = 0;
  private byteCount = 0;
  private readonly limits: ArchiveLimits;

  constructor(limits: ArchiveLimits) {
    this.limits = limits;
  }

  get lines(): number {
    return this.lineCount;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Add `lines` lines serialized as `text` (rows separated by CRLF, no trailing one); drops the oldest. */
  push(text: string, lines: number): void {
    if (lines <= 0) return;
    const bytes = encoder.encode(text);
    this.chunks.push({ bytes, lines });
    this.lineCount += lines;
    this.byteCount += bytes.length;
    const surplus = () => this.lineCount - this.chunks[0]!.lines >= this.limits.lines || this.byteCount > this.limits.bytes;
    while (this.chunks.length > 1 && surplus()) {
      const old = this.chunks.shift()!;
      this.lineCount -= old.lines;
      this.byteCount -= old.bytes.length;
    }
  }

  /** Everything kept, as UTF-8 pieces to write before the mirror's own content; ends with a new line. */
  pieces(): Uint8Array[] {
    return this.chunks.flatMap((c) => [c.bytes, SEAM]);
  }
}

/**
 * Cut output into pieces that each scroll at most `maxRows` rows (by new lines, and by wrapping at
 * `cols`), so the mirror can archive lines between pieces before its small buffer trims them.
 * Escape and UTF-8 sequences may be cut: xterm's parser carries its state across writes.
 */
export function splitForScroll(chunk: Uint8Array, maxRows: number, cols: number): Uint8Array[] {
  const maxBytes = maxRows * Math.max(1, cols);
  if (chunk.length <= maxRows) return [chunk];
  const pieces: Uint8Array[] = [];
  let start = 0;
  let newlines = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] === 0x0a) newlines++;
    if (newlines >= maxRows || i - start + 1 >= maxBytes) {
      pieces.push(chunk.subarray(start, i + 1));
      start = i + 1;
      newlines = 0;
    }
  }
  if (start < chunk.length) pieces.push(chunk.subarray(start));
  return pieces;
}
