/**
 * What a terminal session needs of each attached client (a WebSocket, in terminal-socket.ts), and what it reports
 * about itself. Apart from the session, so the socket side depends on this small shape only.
 */
import type { ServerControl } from '../contracts/terminal-protocol.ts';

export interface TerminalClient {
  readonly readOnly: boolean;
  /** Bytes sent to this client that its socket has not written out yet. */
  readonly queued: number;
  sendControl(msg: ServerControl): void;
  sendOutput(data: Uint8Array): void;
  /** Close the client's connection, telling it why. */
  close(reason: string): void;
}

/** What a session holds, for tests, metrics and the benchmark. */
export interface SessionStats {
  /** Output ever read from the process. */
  output: number;
  /** Bytes kept for replay (bounded by replayBytes). */
  replayBytes: number;
  /** Output the mirror has been given but not parsed yet (bounded by flow control). */
  mirrorBacklog: number;
  /** Output not on the mirror's screen yet: given and unparsed, or not given yet (the mirror follows a moment later). */
  mirrorLag: number;
  /** The largest gap between what an interactive client was sent and what it acknowledged. */
  worstLag: number;
  paused: boolean;
  clients: number;
  /** The mirror's size, which follows the TTY's. */
  size: { cols: number; rows: number };
}
