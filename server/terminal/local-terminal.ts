/**
 * A terminal client inside the server, for the workshop rehearsal: opened and attached as a learner's WebSocket is
 * (socket/socket-hello.ts: the registry's shell, counted as attached to its sandbox), but with no socket. It reads
 * as fast as output comes and acknowledges it at once, and keeps only a count and a short tail.
 */
import type { ServerControl } from '../contracts/terminal-protocol.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import type { TerminalClient } from './terminal-client.ts';
import type { TerminalRegistry } from './terminal-registry.ts';
import type { TerminalSession } from './terminal-session.ts';

const TAIL = 512;

export class LocalTerminal {
  bytes = 0;
  tail = '';
  closed = false;
  private readonly waiters = new Set<() => void>();
  private position = 0;
  /** Bytes of the attach snapshot still to come: they are a screen, not output positions. */
  private screenLeft = 0;
  private release: () => void = () => {};
  private session: TerminalSession | undefined;
  readonly client: TerminalClient;

  constructor() {
    this.client = {
      readOnly: false,
      queued: 0,
      sendControl: (msg: ServerControl) => {
        if (msg.type === 'attached') [this.position, this.screenLeft] = [msg.position, msg.screen];
        if (msg.type === 'exit') this.ended();
      },
      sendOutput: (data: Uint8Array) => this.received(data),
      close: () => this.ended(),
    };
  }

  static async open(registry: TerminalRegistry, manager: SandboxManager, sandbox: ClaimedSandbox, terminalId: string, size: { cols: number; rows: number }): Promise<LocalTerminal> {
    const t = new LocalTerminal();
    const session = await registry.open(sandbox, terminalId, size);
    t.session = session;
    t.release = manager.attach(sandbox);
    if (!(await session.attach(t.client, undefined))) {
      t.close();
      throw new Error('the shell ended as it was opened');
    }
    await session.resize(t.client, size.cols, size.rows);
    return t;
  }

  type(keys: string): void {
    this.session?.input(this.client, Buffer.from(keys));
  }

  until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done() || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done() && !this.closed) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no answer within ${timeoutMs} ms; the terminal shows ${JSON.stringify(this.tail.slice(-80))}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Detach; the shell goes with its sandbox. */
  close(): void {
    this.session?.detach(this.client);
    this.ended();
  }

  private received(data: Uint8Array): void {
    this.bytes += data.length;
    const screen = Math.min(this.screenLeft, data.length);
    this.screenLeft -= screen;
    this.position += data.length - screen;
    // A fast reader: rendered as soon as it arrives, so flow control never holds the shell for it.
    this.session?.ack(this.client, this.position);
    const last = data.length > TAIL ? data.subarray(data.length - TAIL) : data;
    this.tail = (this.tail + Buffer.from(last.buffer, last.byteOffset, last.length).toString('latin1')).slice(-TAIL);
    for (const waiter of [...this.waiters]) waiter();
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    for (const waiter of [...this.waiters]) waiter();
  }
}
