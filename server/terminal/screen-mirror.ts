/**
 * A headless xterm.js that parses a terminal's output exactly as the browser does, so a reload, a second
 * tab or a viewer can be sent the screen as it is now (a full-screen program included) plus scrollback,
 * when the byte replay no longer reaches back far enough.
 *
 * xterm parses asynchronously: `write` queues, its callback says when the bytes are on the mirror's
 * screen. `parsed` counts those bytes so the session can treat the mirror like a client that acknowledges
 * what it rendered, and pause the shell when the mirror falls behind (its queue stays bounded).
 */
import serializeAddon from '@xterm/addon-serialize';
import headless from '@xterm/headless';

/** Lines kept above the screen; the browser keeps as many, so a restore loses nothing it could show. */
export const MIRROR_SCROLLBACK = 5000;

export interface Snapshot {
  /** Escape sequences that rebuild the screen, scrollback, modes and cursor on an empty terminal. */
  data: string;
  /** Output position the snapshot stands for: every byte before it is in it, none after. */
  position: number;
}

export class ScreenMirror {
  private readonly term: InstanceType<typeof headless.Terminal>;
  private readonly serializer: InstanceType<typeof serializeAddon.SerializeAddon>;
  private written = 0;
  private parsedBytes = 0;
  private disposed = false;
  private readonly onParsed: () => void;

  /** `onParsed` is called whenever the mirror has caught up with more output. */
  constructor(size: { cols: number; rows: number }, onParsed: () => void, scrollback = MIRROR_SCROLLBACK) {
    this.term = new headless.Terminal({ cols: size.cols, rows: size.rows, scrollback, allowProposedApi: true });
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

  write(chunk: Uint8Array): void {
    if (this.disposed) return;
    this.written += chunk.length;
    const end = this.written;
    this.term.write(chunk, () => {
      this.parsedBytes = end;
      this.onParsed();
    });
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

  /** The screen once everything written so far is parsed. */
  snapshot(): Promise<Snapshot> {
    const position = this.written;
    return new Promise((resolve, reject) => {
      if (this.disposed) return reject(new Error('mirror disposed'));
      this.term.write('', () => {
        if (this.disposed) return reject(new Error('mirror disposed'));
        resolve({ data: this.serializer.serialize(), position });
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }
}
