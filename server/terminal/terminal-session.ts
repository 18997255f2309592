/**
 * One shell in a sandbox and everyone attached to it. The shell outlives any one WebSocket: a reload or
 * a short network drop re-attaches to the same process and is replayed what it missed. When nobody has
 * been attached for `lingerMs`, the shell is ended so no process is left running for ever.
 */
import type { ServerControl } from '../contracts/terminal-protocol.ts';
import type { TerminalProcess } from '../sandbox/runtime.ts';
import { isViewerTooSlow, shouldPause, type FlowClient, type FlowLimits } from './flow-control.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export interface TerminalClient {
  readonly readOnly: boolean;
  sendControl(msg: ServerControl): void;
  sendOutput(data: Uint8Array): void;
  /** Close the client's connection, telling it why. */
  close(reason: string): void;
}

export interface TerminalSessionOptions {
  terminalId: string;
  sandboxName: string;
  replayBytes: number;
  flow: FlowLimits;
  lingerMs: number;
  onActivity: () => void;
  /** The process ended, or the session was closed. */
  onEnd: () => void;
  /** End the shell's whole process session inside the sandbox. */
  kill: () => Promise<void>;
}

export class TerminalSession {
  private readonly buffer: ReplayBuffer;
  private readonly clients = new Map<TerminalClient, FlowClient>();
  private paused = false;
  private ended = false;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private readonly proc: TerminalProcess;
  private readonly o: TerminalSessionOptions;

  constructor(proc: TerminalProcess, options: TerminalSessionOptions) {
    this.proc = proc;
    this.o = options;
    this.buffer = new ReplayBuffer(options.replayBytes);
    proc.stream.on('data', (chunk: Buffer) => this.onOutput(chunk));
    proc.stream.on('end', () => this.onProcessEnd());
    proc.stream.on('close', () => this.onProcessEnd());
    proc.stream.on('error', () => this.onProcessEnd());
    this.armLinger();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get bufferedBytes(): number {
    return this.buffer.bytes;
  }

  attach(client: TerminalClient, since: number | undefined): void {
    if (this.ended) {
      client.sendControl({ type: 'exit', code: null });
      return;
    }
    const replay = this.buffer.since(since);
    client.sendControl({
      type: 'attached',
      v: 1,
      terminal: this.o.terminalId,
      sandbox: this.o.sandboxName,
      position: replay.from,
      continuous: since === undefined ? replay.from === 0 : replay.continuous,
      readOnly: client.readOnly,
    });
    for (const chunk of replay.chunks) client.sendOutput(chunk);
    this.clients.set(client, { readOnly: client.readOnly, sent: this.buffer.end, acked: replay.from });
    this.disarmLinger();
    this.updateFlow();
    this.o.onActivity();
  }

  /** Tell every attached client something about the sandbox (e.g. that it is about to expire). */
  notify(msg: ServerControl): void {
    for (const client of this.clients.keys()) client.sendControl(msg);
  }

  detach(client: TerminalClient): void {
    if (!this.clients.delete(client)) return;
    this.updateFlow();
    if (this.clients.size === 0) this.armLinger();
  }

  ack(client: TerminalClient, position: number): void {
    const state = this.clients.get(client);
    if (!state) return;
    state.acked = Math.min(Math.max(state.acked, position), state.sent);
    this.updateFlow();
  }

  input(client: TerminalClient, data: Uint8Array): void {
    if (client.readOnly || this.ended) return;
    this.proc.stream.write(data);
    this.o.onActivity();
  }

  async resize(client: TerminalClient, cols: number, rows: number): Promise<void> {
    if (client.readOnly || this.ended) return;
    await this.proc.resize(cols, rows);
  }

  /** End the shell and tell every client. */
  async close(reason: string): Promise<void> {
    if (this.ended) return;
    this.finish();
    for (const client of this.clients.keys()) client.close(reason);
    this.clients.clear();
    await this.o.kill().catch(() => undefined);
    this.proc.stream.destroy();
  }

  private onOutput(chunk: Buffer): void {
    this.buffer.append(chunk);
    for (const [client, state] of this.clients) {
      client.sendOutput(chunk);
      state.sent = this.buffer.end;
      if (isViewerTooSlow(state, this.o.flow)) {
        this.clients.delete(client);
        client.close('This viewer fell too far behind and was disconnected; reload to watch again.');
      }
    }
    this.updateFlow();
    this.o.onActivity();
  }

  private updateFlow(): void {
    const pause = shouldPause(this.clients.values(), this.paused, this.o.flow);
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.proc.stream.pause();
    else this.proc.stream.resume();
  }

  private onProcessEnd(): void {
    if (this.ended) return;
    this.finish();
    for (const client of this.clients.keys()) client.sendControl({ type: 'exit', code: null });
  }

  private finish(): void {
    this.ended = true;
    this.disarmLinger();
    this.o.onEnd();
  }

  private armLinger(): void {
    this.disarmLinger();
    this.linger = setTimeout(() => void this.close('terminal closed after nobody was attached'), this.o.lingerMs);
    this.linger.unref?.();
  }

  private disarmLinger(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
  }
}
