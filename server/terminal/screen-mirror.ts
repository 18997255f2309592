/**
 * A headless xterm.js that parses a terminal's output exactly as the browser does, so a reload, a second
 * tab or a viewer can be sent the screen as it is now (a full-screen program included) plus scrollback,
 * when the byte replay no longer reaches back far enough.
 *
 * xterm parses asynchronously: `write` queues, its callback says when the bytes are on the mirror's
 * screen. `parsed` counts those bytes so the session can treat the mirror like a client that acknowledges
 * what it rendered, and pause the shell when the mirror falls behind (its queue stays bounded).
 *
 * Memory: xterm keeps 12 bytes per cell, so the mirror's own buffer holds only `BUFFER_SCROLLBACK` (200) lines;
 * lines that scroll above them are serialized into a ScrollbackArchive (about their length in bytes) in
 * chunks of `ARCHIVE_CHUNK`, before xterm trims them. Output is written in pieces that each scroll fewer
 * rows than that margin, so nothing is trimmed unarchived (a single huge scroll-up sequence could be).
 */
import serializeAddon from '@xterm/addon-serialize';
import headless from '@xterm/headless';
import { ScrollbackArchive, splitForScroll } from './scrollback-archive.ts';

/** Lines a restore brings back above the screen; the browser keeps as many. */
export const MIRROR_SCROLLBACK = 5000;
// A piece scrolls at most 2 × PIECE_ROWS rows (its new lines, and as many by wrapping); with up to
// ARCHIVE_CHUNK - 1 rows not archived yet, that must stay under BUFFER_SCROLLBACK or xterm trims them.
const BUFFER_SCROLLBACK = 200;
const ARCHIVE_CHUNK = 64;
const PIECE_ROWS = 64;
/** Archived text per terminal, at most (lines with many colour changes serialize long). */
const ARCHIVE_BYTES = 2 * 1024 * 1024;

const encoder = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type HeadlessTerminal = InstanceType<typeof headless.Terminal>;
type Marker = NonNullable<ReturnType<HeadlessTerminal['registerMarker']>>;

export interface Snapshot {
  /** UTF-8 escape sequences that rebuild the screen, scrollback, modes and cursor on an empty terminal. */
  data: Uint8Array;
  /** Output position the snapshot stands for: every byte before it is in it, none after. */
  position: number;
}

export class ScreenMirror {
  private readonly term: HeadlessTerminal;
  private readonly serializer: InstanceType<typeof serializeAddon.SerializeAddon>;
  private readonly archive: ScrollbackArchive;
  /** The first normal-buffer line not archived yet (undefined: line 0). */
  private boundary: Marker | undefined;
  private written = 0;
  private parsedBytes = 0;
  private disposed = false;
  private readonly onParsed: () => void;

  /** `onParsed` is called whenever the mirror has caught up with more output. */
  constructor(size: { cols: number; rows: number }, onParsed: () => void, scrollback = MIRROR_SCROLLBACK) {
    this.term = new headless.Terminal({ cols: size.cols, rows: size.rows, scrollback: Math.min(scrollback, BUFFER_SCROLLBACK), allowProposedApi: true });
    this.archive = new ScrollbackArchive({ lines: scrollback, bytes: ARCHIVE_BYTES });
    this.serializer = new serializeAddon.SerializeAddon();
    this.term.loadAddon(this.serializer);
    this.onParsed = onParsed;
  }

  /** Output position written to the mirror so far. */
  get position(): number {
    return this.written;
  }

  /** Output position the mirror has parsed (is on its screen). */
  get parsed(): number {
    return this.parsedBytes;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Bytes of archived scrollback text. */
  get archivedBytes(): number {
    return this.archive.bytes;
  }

  write(chunk: Uint8Array): void {
    if (this.disposed) return;
    for (const piece of splitForScroll(chunk, PIECE_ROWS, this.term.cols)) {
      this.written += piece.length;
      const end = this.written;
      this.term.write(piece, () => {
        this.parsedBytes = end;
        this.archiveScrolledLines();
        this.onParsed();
      });
    }
  }

  /** Normal-buffer line where unarchived scrollback starts. */
  private archiveStart(): number {
    return this.boundary && !this.boundary.isDisposed ? this.boundary.line : 0;
  }

  private archiveScrolledLines(): void {
    if (this.disposed || this.term.buffer.active.type !== 'normal') return;
    const b = this.term.buffer.normal;
    const start = this.archiveStart();
    let end = b.baseY;
    if (end - start < ARCHIVE_CHUNK) return;
    // Never cut a long line that wraps over several rows.
    while (end > start && b.getLine(end)?.isWrapped) end--;
    if (end <= start) return;
    this.archive.push(this.serializeRows(start, end), end - start);
    this.boundary?.dispose();
    this.boundary = this.term.registerMarker(end - (b.baseY + b.cursorY));
  }

  /**
   * Resize in order with the output: bytes the program wrote before the resize are parsed at the old
   * size, as they were on the real TTY.
   */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.term.write('', () => {
      if (!this.disposed && (cols !== this.term.cols || rows !== this.term.rows)) this.term.resize(cols, rows);
    });
  }

  /**
   * Rows [start, end) of the normal buffer as text to write back. Most rows have no colours or styles
   * and are read as plain text, which is an order of magnitude faster than the serialize addon; the
   * addon serializes the others.
   */
  private serializeRows(start: number, end: number): string {
    const b = this.term.buffer.normal;
    const cell = b.getNullCell();
    let out = '';
    for (let y = start; y < end; y++) {
      const line = b.getLine(y);
      if (!line) continue;
      const wrapsOn = y + 1 < end && !!b.getLine(y + 1)?.isWrapped;
      // A row that continues on the next keeps its trailing blanks, or the wrap would move.
      const text = line.translateToString(!wrapsOn);
      let plain = true;
      for (let x = 0; x < text.length && plain; x++) plain = !!line.getCell(x, cell)?.isAttributeDefault();
      out += plain ? text : this.serializer.serialize({ range: { start: y, end: y }, excludeModes: true, excludeAltBuffer: true }) + '\x1b[0m';
      if (!wrapsOn && y + 1 < end) out += '\r\n';
    }
    return out;
  }

  /** The screen once everything written so far is parsed. */
  snapshot(): Promise<Snapshot> {
    const position = this.written;
    return new Promise((resolve, reject) => {
      if (this.disposed) return reject(new Error('mirror disposed'));
      this.term.write('', () => {
        if (this.disposed) return reject(new Error('mirror disposed'));
        const unarchived = Math.max(0, this.term.buffer.normal.baseY - this.archiveStart());
        const screen = encoder.encode(this.serializer.serialize({ scrollback: unarchived }));
        resolve({ data: concat([...this.archive.pieces(), screen]), position });
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }
}
