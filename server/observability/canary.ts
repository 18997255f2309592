/**
 * The echo canary: a shell of the server's own, in a sandbox of its own, to which one keystroke is typed every
 * interval and its echo timed (keystroke in → first byte back), through the same path a learner's keys take
 * (terminal session → agent link → pty → shell → back). /metrics shows it as `boxlab_canary_echo_seconds`: what
 * a learner's echo costs right now, without asking a learner.
 *
 * It costs nothing while nobody uses the server: it runs only while a learner holds a sandbox, and gives its own
 * sandbox back as soon as none does, or as soon as a learner waits in the queue (it never takes the last free
 * slot). BOXLAB_CANARY_INTERVAL_S=0 turns it off: no timer, no sandbox.
 */

/** A terminal the canary types into (terminal/local-terminal.ts is one). */
export interface CanaryTerminal {
  readonly bytes: number;
  readonly closed: boolean;
  type(keys: string): void;
  /** Resolves once `done()` holds or the terminal closed; rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<void>;
  close(): void;
}

export interface CanaryHost {
  /** May the canary hold a sandbox now: a learner holds one, none waits, and a slot is free beyond its own. */
  wanted(holding: boolean): boolean;
  /** The canary's sandbox and shell, acquired as a learner's would be. */
  open(): Promise<CanaryTerminal>;
  /** Remove the canary's sandbox if it has one (after its terminal was closed); cheap when it has none. */
  release(): Promise<void>;
}

/** The canary's learner id: a learner id no cookie can carry (identity.ts makes random v4 UUIDs), so no person's. */
export const CANARY_LEARNER = '00000000-0000-4000-8000-0000000ca4a1';

export type CanaryFailure = 'open' | 'timeout' | 'closed';

export interface CanaryOptions {
  intervalMs: number;
  /** Longest an echo may take before it counts as lost (and the canary's shell is opened afresh). */
  timeoutMs: number;
  now: () => number;
  echoed(ms: number): void;
  failed(reason: CanaryFailure): void;
  log: { warn(obj: object, msg: string): void };
}

/** Kill the line typed so far (Ctrl-U): the canary's keystrokes never pile up on the shell's command line. */
const CLEAR_LINE = '\x15';
const KEY = 'x';

export class EchoCanary {
  private readonly host: CanaryHost;
  private readonly opts: CanaryOptions;
  private terminal: CanaryTerminal | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  constructor(host: CanaryHost, options: CanaryOptions) {
    this.host = host;
    this.opts = options;
  }

  /** Start ticking (nothing at all when the interval is 0). */
  start(): void {
    if (this.opts.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  /**
   * Stop ticking (the server closes). Its sandbox stays, as every sandbox does: the next start adopts it, and its
   * first round gives it back if no learner is there.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.terminal?.close();
    this.terminal = undefined;
  }

  /** One round; a round still running (a slow echo) is not started twice. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    if (!this.host.wanted(this.terminal !== undefined)) return this.giveBack();
    if (!this.terminal || this.terminal.closed) {
      this.terminal = undefined;
      try {
        this.terminal = await this.host.open();
      } catch (err) {
        this.opts.failed('open');
        this.opts.log.warn({ err }, 'the echo canary could not open its shell');
        await this.host.release().catch(() => undefined);
        return;
      }
    }
    const t = this.terminal;
    const before = t.bytes;
    const started = this.opts.now();
    t.type(KEY);
    try {
      await t.until(() => t.bytes > before, this.opts.timeoutMs);
    } catch {
      this.opts.failed('timeout');
      this.opts.log.warn({ timeoutMs: this.opts.timeoutMs }, 'the echo canary got no echo in time; its shell is opened afresh');
      return this.giveBack();
    }
    if (t.closed) {
      this.opts.failed('closed');
      this.terminal = undefined;
      return;
    }
    this.opts.echoed(this.opts.now() - started);
    const echoed = t.bytes;
    t.type(CLEAR_LINE);
    await t.until(() => t.bytes > echoed, this.opts.timeoutMs).catch(() => undefined);
  }

  private async giveBack(): Promise<void> {
    this.terminal?.close();
    this.terminal = undefined;
    await this.host.release().catch((err: unknown) => this.opts.log.warn({ err }, 'the echo canary could not give its sandbox back'));
  }
}
