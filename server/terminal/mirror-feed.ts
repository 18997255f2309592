/**
 * Feeds a session's ScreenMirror from its replay buffer, at the mirror's own pace.
 *
 * The mirror is a reader of the replay buffer, never a reason to pause the shell while someone watches:
 * pausing for it would leave the engine's buffers full of a flood's output, which Ctrl-C must then wait
 * for. While output is light it keeps up: `LIGHT_MS` after output arrives it is given what came, at most
 * `step` bytes beyond what it has parsed (so its parsing never hogs the event loop, and never runs between a
 * keystroke and its echo). Output that brings more than `step` bytes within that time outruns it: it stops
 * parsing until output has been quiet for `QUIET_MS` (a flood's CPU goes to delivering the flood), then
 * catches up; if the flood went past the start of the replay buffer, it is rebuilt from what the buffer
 * holds, losing only lines that flood pushed out anyway. A snapshot catches up first. Resizes apply at the
 * output position where they happened.
 *
 * Why a delay rather than parsing as output comes: parsed at once, every echo was followed by a parse (xterm
 * parses on a timer ~1 ms later), which the learner's next keystroke could land behind. Parsing what came in
 * 50 ms at a time took the echo's p99 from 0.78–0.93 ms to 0.71–0.77 in probes (docs/benchmarks.md).
 */
import type { ReplayBuffer } from './replay-buffer.ts';
import { ScreenMirror, type Snapshot } from './screen-mirror.ts';

// Long enough that the stalls of a flood (flow control pausing it, a busy machine) do not each set off a
// catch-up, whose parsing would slow the flood further: nobody needs the mirror until a snapshot, which
// catches up by itself.
const QUIET_MS = 2000;
// `step` (64 KiB) per 50 ms: the mirror keeps up with output up to ~1.3 MB/s, far above what anything a
// person reads (an editor, `top`, a build log) prints.
const LIGHT_MS = 50;

interface Resize {
  /** Output position at which the TTY took the new size. */
  at: number;
  cols: number;
  rows: number;
}

export class MirrorFeed {
  private mirror: ScreenMirror;
  /** Absolute output position of the mirror's first byte. */
  private offset = 0;
  private readonly resizes: Resize[] = [];
  private readonly buffer: ReplayBuffer;
  private readonly step: number;
  private disposed = false;
  /** light: parsing what came, LIGHT_MS later; outrun: waiting for quiet; catching up: parsing until current. */
  private mode: 'light' | 'outrun' | 'catching up' = 'light';
  private light: ReturnType<typeof setTimeout> | undefined;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private lastOutput = 0;

  private readonly onParsed: () => void;

  /** `onParsed`: the mirror parsed more (flow control may resume). */
  constructor(buffer: ReplayBuffer, size: { cols: number; rows: number }, step: number, onParsed: () => void = () => {}) {
    this.buffer = buffer;
    this.offset = buffer.start;
    this.step = step;
    this.onParsed = onParsed;
    this.mirror = this.create(size);
  }

  /** Bytes given to the mirror and not parsed yet. */
  get backlog(): number {
    return this.mirror.position - this.mirror.parsed;
  }

  /** Output the mirror has not been given yet. */
  get behind(): number {
    return this.buffer.end - this.fed;
  }

  /** Output not on the mirror's screen yet. */
  get lag(): number {
    return this.behind + this.backlog;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.mirror.cols, rows: this.mirror.rows };
  }

  private get fed(): number {
    return this.offset + this.mirror.position;
  }

  /** New output is in the replay buffer. */
  onOutput(): void {
    this.lastOutput = Date.now();
    if (this.mode === 'outrun') return;
    if (this.lag > this.step) return this.outrun();
    if (this.mode === 'catching up') return this.pump();
    this.later();
  }

  /** Give the mirror what came, LIGHT_MS from the first output it has not been given. */
  private later(): void {
    if (this.light || this.disposed) return;
    this.light = setTimeout(() => {
      this.light = undefined;
      if (this.lag > this.step) this.outrun();
      else this.pump();
    }, LIGHT_MS);
    this.light.unref?.();
  }

  /** Wait for the flood to pause or end before parsing again. One timer for the whole wait, not one per chunk. */
  private outrun(): void {
    this.mode = 'outrun';
    clearTimeout(this.light);
    this.light = undefined;
    this.quiet ??= setTimeout(() => this.whenQuiet(), QUIET_MS);
    this.quiet.unref?.();
  }

  private whenQuiet(): void {
    const waited = Date.now() - this.lastOutput;
    if (waited < QUIET_MS) {
      this.quiet = setTimeout(() => this.whenQuiet(), QUIET_MS - waited);
      this.quiet.unref?.();
      return;
    }
    this.quiet = undefined;
    this.mode = 'catching up';
    this.pump();
    this.settle();
  }

  /** The TTY takes a new size now, after all output so far. */
  resize(cols: number, rows: number): void {
    this.resizes.push({ at: this.buffer.end, cols, rows });
    this.pump();
  }

  /** Give the mirror what it has not seen, up to `limit` bytes ahead of what it parsed. */
  pump(limit = this.step): void {
    if (this.disposed) return;
    if (this.fed < this.buffer.start) this.rebuild();
    for (;;) {
      this.applyResizes();
      const room = limit - this.backlog;
      if (room <= 0 || this.fed >= this.buffer.end) return;
      const next = this.resizes[0]?.at ?? Infinity;
      const budget = Math.min(room, next - this.fed);
      for (const chunk of this.buffer.since(this.fed, budget).chunks) this.mirror.write(chunk);
    }
  }

  /** The screen after all output so far. */
  async snapshot(): Promise<Snapshot> {
    this.pump(Infinity);
    const snap = await this.mirror.snapshot();
    return { data: snap.data, position: this.offset + snap.position };
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.quiet);
    clearTimeout(this.light);
    this.mirror.dispose();
  }

  /** Caught up: back to following output as it comes. */
  private settle(): void {
    if (this.mode === 'catching up' && this.lag === 0) this.mode = 'light';
  }

  private applyResizes(): void {
    while (this.resizes[0] && this.resizes[0].at <= this.fed) {
      const r = this.resizes.shift()!;
      this.mirror.resize(r.cols, r.rows);
    }
  }

  private rebuild(): void {
    const size = this.size;
    this.mirror.dispose();
    this.offset = this.buffer.start;
    this.mirror = this.create(size);
  }

  private create(size: { cols: number; rows: number }): ScreenMirror {
    // Whenever the mirror has parsed some, there is room to give it more.
    const mirror: ScreenMirror = new ScreenMirror(size, () => {
      if (mirror !== this.mirror) return;
      if (this.mode === 'catching up') {
        if (this.behind > 0) this.pump();
        this.settle();
      } else if (this.mode === 'light' && this.behind > 0) {
        // Output that came while it parsed and found no room then.
        this.later();
      }
      this.onParsed();
    });
    return mirror;
  }
}
