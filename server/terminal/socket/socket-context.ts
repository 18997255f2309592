/**
 * What the parts of one terminal WebSocket share: the socket, who is on it, and what the hello opened. Each part
 * (hello, control, input) reads and sets it; terminal-socket.ts wires them to the socket's events.
 */
import type { WebSocket } from 'ws';
import { closeCodes } from '../../contracts/close-codes.ts';
import { errorCodes } from '../../contracts/errors.ts';
import type { NetworkMode } from '../../contracts/lesson.ts';
import { encodeControl, type ServerControl } from '../../contracts/terminal-protocol.ts';
import type { SandboxManager } from '../../sessions/sandbox-manager.ts';
import type { ClaimedSandbox } from '../../sessions/sandbox.ts';
import type { TerminalRegistry } from '../terminal-registry.ts';
import type { TerminalClient } from '../terminal-client.ts';
import type { TerminalSession } from '../terminal-session.ts';
import type { Watchers } from '../watchers.ts';
import type { KernelReader } from '../../sandbox/kernel-reader.ts';

export interface SocketDeps {
  manager: SandboxManager;
  registry: TerminalRegistry;
  /** What sandbox a lesson needs; undefined = no such lesson. `refusal`: why this server cannot offer it. */
  lessonNeeds: (lesson: string) => { profile: string; network: NetworkMode; nodes?: readonly string[] | undefined; refusal?: string | undefined } | undefined;
  helloTimeoutMs: number;
  /** How a learner's sandboxes are counted and how long they live (a workshop's members: per learner). */
  acquirePolicy?: ((learner: string) => { perAddress: boolean; ttlMs: number | undefined }) | undefined;
  /** Whose terminal an instructor may watch (workshops); throws a coded error when they may not. */
  watchTarget?: ((instructor: string, watch: { workshop: string; member: string }) => { learner: string; lesson: string | undefined }) | undefined;
  watchers: Watchers;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Told what the metrics count (observability/metrics.ts); undefined: nobody counts. */
  observer?: SocketObserver | undefined;
  /** Reads what the kernel sees of a sandbox, from the host (the `kernel` frames); undefined: not offered. */
  kernel?: KernelReader | undefined;
}

/** The `kernel` frames of one socket (socket-kernel.ts): started and stopped by the client's `kernel` message. */
export interface KernelFeed {
  set(on: boolean): void;
  stop(): void;
}

export interface SocketObserver {
  /** A hello was answered `ready` this long after it came (acquire, queue, open, attach). */
  ready(ms: number, profile: string): void;
  /** The socket was closed with this error code. */
  failed(code: string): void;
}

export interface SocketContext {
  readonly ws: WebSocket;
  readonly learner: string;
  readonly ip: string;
  /** The signed-in instructor on this socket, if any. */
  readonly instructor: string | undefined;
  readonly deps: SocketDeps;
  /** Aborted when the socket closes: a queued acquire stops waiting for this client. */
  readonly left: AbortController;
  /** This socket as a client of its terminal session. */
  readonly client: TerminalClient;
  helloSeen: boolean;
  readOnly: boolean;
  session: TerminalSession | undefined;
  sandbox: ClaimedSandbox | undefined;
  /** Releases the sandbox's count of attached clients. */
  release: (() => void) | undefined;
  /** The `kernel` frames, when the client asks for them (terminal-socket.ts sets it). */
  kernelFeed: KernelFeed | undefined;
  send(msg: ServerControl): void;
  /** Send an error and close with `closeCode`; `retryAfterMs`: when trying again can help (contracts/errors.ts). */
  fail(code: string, message: string, closeCode?: number, retryAfterMs?: number): void;
  /** A viewer is told once that it cannot type; what it sends is dropped. */
  refuseReadOnly(): void;
}

export interface SocketPeer {
  learner: string;
  ip: string;
  instructor?: string | undefined;
}

export function socketContext(ws: WebSocket, who: SocketPeer, deps: SocketDeps): SocketContext {
  let toldReadOnly = false;
  const send = (msg: ServerControl) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeControl(msg));
  };
  const ctx: SocketContext = {
    ws,
    learner: who.learner,
    ip: who.ip,
    instructor: who.instructor,
    deps,
    left: new AbortController(),
    helloSeen: false,
    readOnly: false,
    session: undefined,
    sandbox: undefined,
    release: undefined,
    kernelFeed: undefined,
    send,
    fail: (code, message, closeCode = closeCodes.protocol, retryAfterMs) => {
      deps.observer?.failed(code);
      send({ type: 'error', code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      ws.close(closeCode, code);
    },
    refuseReadOnly: () => {
      if (toldReadOnly) return;
      toldReadOnly = true;
      send({ type: 'error', code: errorCodes.READ_ONLY, message: 'This terminal is read-only here: you are watching, not typing.' });
    },
    client: {
      get readOnly() {
        return ctx.readOnly;
      },
      get queued() {
        return ws.bufferedAmount;
      },
      sendControl: send,
      sendOutput: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
      },
      close: (reason) => {
        send({ type: 'status', state: 'expired', message: reason });
        ws.close(closeCodes.ended, 'ended');
      },
    },
  };
  return ctx;
}
