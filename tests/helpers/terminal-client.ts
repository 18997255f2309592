/**
 * A terminal client for tests and benchmarks: the browser's own protocol code (TerminalConnection, through
 * node-connection.ts) with a screen that is just text. It connects like a browser would (cookie, Origin),
 * keeps all output, "renders" it at once or, playing a slow reader, when told, and waits on conditions,
 * never on sleeps.
 */
import type WebSocket from 'ws';
import { encodeControl, type ClientControl, type ServerControl } from '../../server/contracts/terminal-protocol.ts';
import type { TerminalConnection } from '../../src/client/terminal-connection.ts';
import { connectNode } from './node-connection.ts';

export interface ClientOptions {
  baseUrl: string;
  cookie: string;
  origin?: string;
  lesson?: string;
  terminal?: string;
  /** A lab's machine (the hello's `node`). */
  node?: string;
  cols?: number;
  rows?: number;
  since?: number;
  readOnly?: boolean;
  /** An instructor watching a workshop member's terminal. */
  watch?: { workshop: string; member: string };
  /** Acknowledge output as it arrives (a fast reader). False = a reader that never renders. */
  autoAck?: boolean;
  /** False: open the socket only; the test sends its own first message (`sendRaw`). */
  hello?: boolean;
}

/** Terminal output as plain text: escape sequences and carriage returns removed. */
export const plain = (s: string): string =>
  s
    // Any CSI sequence (private markers such as ? > = < included), then OSC strings, then carriage returns.
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\r/g, '');

const text = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8');

export class TestTerminal {
  /** The socket itself, for tests that misbehave on purpose (raw frames, vanishing). */
  readonly ws: WebSocket;
  readonly connection: TerminalConnection;
  output = '';
  bytes = 0;
  /** The serialized screen the server sent on attach instead of a replay (see `attached.screen`). */
  screen = '';
  private screenBytes = 0;
  /** Acknowledge output as it arrives; tests may switch this to play a slow reader. */
  autoAck = true;
  /** Output received but not yet "rendered" (a slow reader's): acknowledged once `ack()` renders it. */
  private unrendered: (() => void)[] = [];
  readonly controls: ServerControl[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters = new Set<() => void>();

  /** Resolves once the socket is open. */
  private readonly opened: Promise<void>;

  private constructor(o: ClientOptions) {
    const node = connectNode({
      url: o.baseUrl.replace(/^http/, 'ws') + '/ws/terminal',
      cookie: o.cookie,
      origin: o.origin ?? o.baseUrl,
      terminal: o.terminal ?? 'main',
      ...(o.node ? { node: o.node } : {}),
      lesson: o.lesson ?? 'containers/what-is-a-container',
      cols: o.cols ?? 1000,
      rows: o.rows ?? 24,
      ...(o.since !== undefined ? { since: o.since } : {}),
      ...(o.readOnly ? { readOnly: true } : {}),
      ...(o.watch ? { watch: o.watch } : {}),
      ...(o.hello === false ? { hello: false } : {}),
      events: {
        output: (data, rendered) => {
          this.output += text(data);
          this.bytes += data.length;
          if (this.autoAck) rendered();
          else this.unrendered.push(rendered);
          this.notify();
        },
        screen: (data) => {
          this.screen += text(data);
          this.screenBytes += data.length;
          this.notify();
        },
        control: (msg) => {
          this.controls.push(msg);
          this.notify();
        },
      },
    });
    this.connection = node.connection;
    this.ws = node.ws;
    this.opened = node.opened;
    this.autoAck = o.autoAck ?? true;
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  /** Open a socket and send hello. Rejects with the HTTP status when the upgrade is refused. */
  static async open(o: ClientOptions): Promise<TestTerminal> {
    const t = new TestTerminal(o);
    await t.opened;
    return t;
  }

  /** The output position: every numbered byte received (what a reconnect would resume from). */
  get position(): number {
    return this.connection.position;
  }

  send(msg: ClientControl): void {
    this.ws.send(encodeControl(msg));
  }

  sendRaw(data: string | Buffer, binary: boolean): void {
    this.ws.send(data, { binary });
  }

  /** Typed keys, as the page sends them (held until the terminal is attached). */
  type(keys: string): void {
    this.connection.input(keys);
  }

  /** Resolve when `predicate` holds, re-checked on every message; reject after `timeoutMs`. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; output so far:\n${this.output.slice(-2000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Wait until the output after `from` matches. */
  waitForOutput(pattern: RegExp, from = 0, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => pattern.test(this.output.slice(from)), `output ${pattern}`, timeoutMs);
  }

  /**
   * Wait for a prompt at the end of what is on screen: the output, or, when the shell printed its prompt before
   * this client attached (the terminal agent links fast), the screen snapshot it was sent instead.
   */
  waitForPrompt(timeoutMs?: number): Promise<void> {
    const prompt = /\$ (\x1b\[[0-9;?]*[A-Za-z])*$/;
    return this.waitFor(() => prompt.test(this.output || this.screen), `a prompt`, timeoutMs);
  }

  /**
   * Type a command and wait for `pattern` in what it printed (not in the echo of the command line itself,
   * which is skipped), as plain text: no escape sequences, no carriage returns. Returns what it printed.
   */
  async run(command: string, pattern: RegExp, timeoutMs?: number): Promise<string> {
    const from = this.output.length;
    this.type(`${command}\r`);
    const printed = () => {
      const after = this.output.slice(from);
      const eol = after.indexOf('\n');
      return eol < 0 ? '' : plain(after.slice(eol + 1));
    };
    await this.waitFor(() => pattern.test(printed()), `output ${pattern} of ${JSON.stringify(command)}`, timeoutMs);
    const result = printed();
    // Let the shell get back to its prompt, or the next command is typed ahead: the tty echoes it once and
    // readline again, and a pattern can match that echo. A command that keeps running just ends the wait.
    await this.waitForPrompt(2000).catch(() => undefined);
    return result;
  }

  /** Wait until attached and, when a screen was sent instead of a replay, until all of it arrived. */
  async waitForAttach(timeoutMs?: number): Promise<void> {
    const attached = () => this.control('attached');
    await this.waitFor(() => attached() !== undefined && this.screenBytes >= attached()!.screen, 'attached (and its screen)', timeoutMs);
  }

  /** Render everything received so far, which acknowledges it as the page would (for tests that play a slow reader). */
  ack(): void {
    for (const rendered of this.unrendered.splice(0)) rendered();
  }

  control<T extends ServerControl['type']>(type: T): Extract<ServerControl, { type: T }> | undefined {
    return this.controls.find((c) => c.type === type) as Extract<ServerControl, { type: T }> | undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.connection.stop();
    await this.waitFor(() => this.closed !== undefined, 'close', 5000).catch(() => this.ws.terminate());
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Visit the site like a browser and return the learner cookie it issues. */
export async function newLearnerCookie(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/healthz`);
  const setCookie = res.headers.get('set-cookie');
  if (!setCookie) throw new Error('no learner cookie issued');
  return setCookie.split(';')[0]!;
}
