/**
 * Frees a flood's dead output buffers promptly.
 *
 * Output arrives in buffers whose bytes live outside V8's heap; only their small handles are on it. V8 frees a
 * dead young buffer's bytes at the next scavenge, and scavenges come when the young generation (1 MB, see
 * node-flags.ts) fills with *handles*: under 20 floods that is every second or two, by which time tens of MB of
 * dead output are waiting, and the process's RSS counts them. So every `everyBytes` of output the server asks V8
 * for a scavenge itself (~0.3 ms each here), which bounds the dead output to about that much. Needs
 * `--expose-gc` (server/node-flags.ts); without it this does nothing.
 */
type Gc = (options: { type: 'minor' | 'major' }) => void;

const exposed = (globalThis as { gc?: Gc }).gc;

export class GcPacer {
  private since = 0;
  private readonly everyBytes: number;
  private readonly gc: Gc | undefined;

  constructor(everyBytes: number, gc: Gc | undefined = exposed) {
    this.everyBytes = everyBytes;
    this.gc = gc;
  }

  /** `bytes` more output came in. */
  add(bytes: number): void {
    this.since += bytes;
    if (this.since < this.everyBytes) return;
    this.since = 0;
    this.gc?.({ type: 'minor' });
  }
}

/** One pacer for the whole server: what matters is the output of all terminals together. */
export const outputGcPacer = new GcPacer(8 * 1024 * 1024);
