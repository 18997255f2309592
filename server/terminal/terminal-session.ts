/**
 * One shell in a sandbox and everyone attached to it. The shell outlives any one WebSocket: a reload or
 * a short network drop re-attaches to the same process and is replayed what it missed; when the replay
 * no longer reaches back that far, it is sent the screen from the headless mirror instead. When nobody
 * has been attached for `lingerMs`, the shell is ended so no process is left running for ever.
 */
import type { ServerControl } from '../contracts/terminal-protocol.ts';
import type { ShellLink } from './agent-links.ts';
import { isSocketOverfull, isViewerTooSlow, lag, shouldPause, type FlowClient, type FlowLimits } from './flow-control.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import { MirrorFeed } from './mirror-feed.ts';
import { OutputBatcher } from './output-batcher.ts';
import { outputGcPacer } from './gc-pacer.ts';
import type { SessionStats, TerminalClient } from './terminal-client.ts';

export type { SessionStats, TerminalClient } from './terminal-client.ts';

export interface TerminalSessionOptions {
  terminalId: string;
  sandboxName: string;
  replayBytes: number;
  flow: FlowLimits;
  lingerMs: number;
  /** The TTY's size when the process was started; the mirror starts at it. */
  size: { cols: number; rows: number };
  onActivity: () => void;
  /** The process ended, or the session was closed. */
  onEnd: () => void;
  /** End the shell's whole process session inside the sandbox. */
  kill: () => Promise<void>;
  /**
   * The position of this session's first output byte (default 0). The registry picks it at random, so that a
   * position counted with an earlier session of the same shell (before a server restart) is never taken for one
   * of this session's and answered with a replay from the wrong byte.
   */
  firstPosition?: number;
}

interface ClientState extends FlowClient {
  /** Bytes of the snapshot this client was sent on attach, allowed on its socket on top of the limit. */
  allowance: number;
}

export class TerminalSession {
  private readonly buffer: ReplayBuffer;
  private readonly mirror: MirrorFeed;
  private readonly batcher = new OutputBatcher((data) => this.onOutput(data));
  private readonly clients = new Map<TerminalClient, ClientState>();
  /** Clients waiting for their screen snapshot; they get output once it is sent. */
  private readonly pending = new Set<TerminalClient>();
  private paused = false;
  /** Snapshots being made: the output holds still meanwhile, or a flood could outrun them for ever. */
  private snapshotting = 0;
  private ended = false;
  /** Resizes reach the engine one at a time, latest size last: two in flight could land in either order. */
  private resizing: Promise<void> = Promise.resolve();
  private wantedSize: { cols: number; rows: number } | undefined;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private readonly proc: ShellLink;
  private readonly opts: TerminalSessionOptions;

  constructor(proc: ShellLink, options: TerminalSessionOptions) {
    this.proc = proc;
    this.opts = options;
    this.buffer = new ReplayBuffer(options.replayBytes, options.firstPosition ?? 0);
    this.mirror = new MirrorFeed(this.buffer, options.size, options.flow.mirrorStep, () => {
      if (this.paused) this.updateFlow();
    });
    proc.start({
      output: (chunk) => {
        outputGcPacer.add(chunk.length);
        this.batcher.push(chunk);
      },
      end: () => this.onProcessEnd(),
    });
    this.armLinger();
  }

  get terminalId(): string {
    return this.opts.terminalId;
  }

  get sandboxName(): string {
    return this.opts.sandboxName;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get clientCount(): number {
    return this.clients.size + this.pending.size;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get bufferedBytes(): number {
    return this.buffer.bytes;
  }

  stats(): SessionStats {
    let worstLag = 0;
    for (const c of this.clients.values()) if (!c.readOnly) worstLag = Math.max(worstLag, lag(c));
    return {
      output: this.buffer.end,
      replayBytes: this.buffer.bytes,
      mirrorBacklog: this.mirror.backlog,
      mirrorLag: this.mirror.lag,
      worstLag,
      paused: this.paused,
      clients: this.clientCount,
      size: this.mirror.size,
    };
  }

  /**
   * Attach a client that has seen output up to `since` (undefined: nothing). It is replayed what it
   * missed when the buffer still holds it, else sent the mirror's screen and what followed it. False when it
   * was not attached: the shell ended (the client was sent `exit`) or the client left meanwhile.
   */
  async attach(client: TerminalClient, since: number | undefined): Promise<boolean> {
    if (this.ended) {
      client.sendControl({ type: 'exit', code: null });
      return false;
    }
    this.disarmLinger();
    this.opts.onActivity();
    const replayable = since !== undefined && since >= this.buffer.start && since <= this.buffer.end;
    if (replayable) {
      this.start(client, since, true, undefined);
      return true;
    }
    const untouched = since === undefined ? this.buffer.end === this.buffer.base : this.buffer.start === this.buffer.base;
    if (untouched) {
      // Nothing printed yet, or a client whose `since` is not this session's (it counted with the server before a
      // restart; this one linked the shell again) while all this session has printed is still here: the client
      // keeps its screen and is sent everything from this session's first byte, what the shell printed while
      // the server was away included. It counts from here with this server, whatever it saw before.
      this.start(client, this.buffer.base, true, undefined);
      return true;
    }
    this.pending.add(client);
    this.snapshotting++;
    this.updateFlow();
    try {
      const snap = await this.mirror.snapshot();
      if (!this.pending.delete(client) || this.ended) return false;
      this.start(client, snap.position, false, snap.data);
      return true;
    } catch {
      // The mirror was disposed: the session ended meanwhile and has told its clients.
      this.pending.delete(client);
      return false;
    } finally {
      this.snapshotting--;
      this.updateFlow();
    }
  }

  private start(client: TerminalClient, from: number, continuous: boolean, screen: Uint8Array | undefined): void {
    client.sendControl({
      type: 'attached',
      v: 1,
      terminal: this.opts.terminalId,
      sandbox: this.opts.sandboxName,
      position: from,
      continuous,
      screen: screen?.length ?? 0,
      readOnly: client.readOnly,
    });
    if (screen?.length) client.sendOutput(screen);
    for (const chunk of this.buffer.since(from).chunks) client.sendOutput(chunk);
    this.clients.set(client, { readOnly: client.readOnly, sent: this.buffer.end, acked: from, allowance: screen?.length ?? 0 });
    this.updateFlow();
  }

  /** Tell every attached client something about the sandbox (e.g. that it is about to expire). */
  notify(msg: ServerControl): void {
    for (const client of this.clients.keys()) client.sendControl(msg);
  }

  detach(client: TerminalClient): void {
    const known = this.clients.delete(client) || this.pending.delete(client);
    if (!known) return;
    this.updateFlow();
    if (this.clientCount === 0) this.armLinger();
  }

  ack(client: TerminalClient, position: number): void {
    const state = this.clients.get(client);
    if (!state) return;
    state.acked = Math.min(Math.max(state.acked, position), state.sent);
    this.updateFlow();
  }

  /** False when the input was not delivered: too much earlier input still waits for the shell to read it. */
  input(client: TerminalClient, data: Uint8Array): boolean {
    if (client.readOnly || this.ended) return true;
    if (!this.proc.write(data)) return false;
    this.batcher.inputArrived();
    this.opts.onActivity();
    return true;
  }

  async resize(client: TerminalClient, cols: number, rows: number): Promise<void> {
    if (client.readOnly || this.ended) return;
    // The mirror takes the new size at this point of the output: what the program draws once it
    // learns of it must be parsed at that size. Output the batcher holds was drawn at the old size, so it goes
    // first. (What the agent holds unsent, ≤ 128 KiB under a flood, cannot be told apart and counts as after.)
    this.batcher.flush();
    this.mirror.resize(cols, rows);
    this.wantedSize = { cols, rows };
    const applied = this.resizing.then(async () => {
      const wanted = this.wantedSize;
      if (!wanted) return;
      this.wantedSize = undefined;
      await this.proc.resize(wanted.cols, wanted.rows);
    });
    this.resizing = applied.catch(() => undefined);
    await applied;
  }

  /** End the shell and tell every client. */
  async close(reason: string): Promise<void> {
    if (this.ended) return;
    this.finish();
    for (const client of [...this.clients.keys(), ...this.pending]) client.close(reason);
    this.clients.clear();
    this.pending.clear();
    await this.opts.kill().catch(() => undefined);
    this.proc.close();
  }

  private onOutput(chunk: Buffer): void {
    // To the clients first: an echo leaves before the bookkeeping is done.
    const end = this.buffer.end + chunk.length;
    for (const client of this.clients.keys()) client.sendOutput(chunk);
    this.buffer.append(chunk);
    this.mirror.onOutput();
    for (const [client, state] of this.clients) {
      state.sent = end;
      if (isViewerTooSlow(state, this.opts.flow)) {
        this.drop(client, 'This viewer fell too far behind and was disconnected; reload to watch again.');
      } else if (isSocketOverfull(client.queued, state.allowance, this.opts.flow)) {
        this.drop(client, 'The connection could not keep up and was closed; reload to reconnect.');
      }
    }
    this.updateFlow();
    this.opts.onActivity();
  }

  private drop(client: TerminalClient, reason: string): void {
    this.clients.delete(client);
    client.close(reason);
    if (this.clientCount === 0) this.armLinger();
  }

  private updateFlow(): void {
    const pause = this.snapshotting > 0 || shouldPause(this.clients.values(), this.paused, this.opts.flow, this.mirror.lag);
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.proc.pause();
    else this.proc.resume();
  }

  private onProcessEnd(): void {
    if (this.ended) return;
    // What the shell printed last (`logout`, an error) reaches the clients before the exit notice.
    this.batcher.flush();
    this.finish();
    for (const client of [...this.clients.keys(), ...this.pending]) client.sendControl({ type: 'exit', code: null });
  }

  private finish(): void {
    this.ended = true;
    this.batcher.dispose();
    this.disarmLinger();
    this.mirror.dispose();
    this.opts.onEnd();
  }

  private armLinger(): void {
    this.disarmLinger();
    this.linger = setTimeout(() => void this.close('terminal closed after nobody was attached'), this.opts.lingerMs);
    this.linger.unref?.();
  }

  private disarmLinger(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
  }
}
