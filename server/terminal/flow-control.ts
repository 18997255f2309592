/**
 * End-to-end flow control for one terminal. Pure.
 *
 * Each interactive client acknowledges the absolute output position xterm.js has rendered. When any of
 * them falls more than `high` bytes behind what was sent, the terminal's process is paused (its TTY fills
 * and the program blocks, as on a real slow terminal); it resumes once all are within `low`.
 * Read-only viewers never pause the learner: one that falls `viewerLimit` behind is dropped instead.
 *
 * The server's screen mirror counts as one more reader with lower watermarks of its own: what it has
 * not parsed yet is parsed in one go on the event loop, so a small backlog keeps every terminal's
 * keystrokes (Ctrl-C above all) from waiting behind a flood's parsing.
 *
 * Acknowledgements are the client's word. A client that acknowledges without reading would let its
 * socket's send queue grow, so that queue is bounded too: past `socketLimit` the client is dropped.
 */
export interface FlowLimits {
  high: number;
  low: number;
  viewerLimit: number;
  /** Most bytes queued on one client's socket (beyond the screen snapshot it was sent on attach). */
  socketLimit: number;
  /** Watermarks for the mirror's unparsed backlog. */
  mirrorHigh: number;
  mirrorLow: number;
}

export const DEFAULT_FLOW: FlowLimits = {
  // 128 KiB in flight is ~1 MB/s per terminal at 100 ms of round trip, more than anyone reads, and
  // little enough that Ctrl-C under a flood shows its prompt quickly.
  high: 128 * 1024,
  low: 32 * 1024,
  viewerLimit: 1024 * 1024,
  socketLimit: 4 * 1024 * 1024,
  mirrorHigh: 64 * 1024,
  mirrorLow: 16 * 1024,
};

export interface FlowClient {
  readonly readOnly: boolean;
  /** Position sent to this client so far. */
  sent: number;
  /** Position this client acknowledged as rendered. */
  acked: number;
}

export function lag(c: FlowClient): number {
  return Math.max(0, c.sent - c.acked);
}

/**
 * Whether the process should be paused now, given whether it is paused already (hysteresis): pause when
 * any reader passes its high watermark, resume when all are under their low one.
 */
export function shouldPause(clients: Iterable<FlowClient>, paused: boolean, limits: FlowLimits, mirrorBacklog = 0): boolean {
  let worst = 0;
  for (const c of clients) if (!c.readOnly) worst = Math.max(worst, lag(c));
  return paused ? worst > limits.low || mirrorBacklog > limits.mirrorLow : worst > limits.high || mirrorBacklog > limits.mirrorHigh;
}

export function isViewerTooSlow(c: FlowClient, limits: FlowLimits): boolean {
  return c.readOnly && lag(c) > limits.viewerLimit;
}

/** Whether a client's socket holds more unsent bytes than it may; `allowance` is its attach snapshot. */
export function isSocketOverfull(queued: number, allowance: number, limits: FlowLimits): boolean {
  return queued > limits.socketLimit + allowance;
}
