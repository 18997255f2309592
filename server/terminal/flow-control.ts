/**
 * End-to-end flow control for one terminal. Pure.
 *
 * Each interactive client acknowledges the absolute output position xterm.js has rendered. When any of
 * them falls more than `high` bytes behind what was sent, the terminal's process is paused (its TTY fills
 * and the program blocks, as on a real slow terminal); it resumes once all are within `low`.
 * Read-only viewers never pause the learner: one that falls `viewerLimit` behind is dropped instead.
 *
 * The server's screen mirror is no reason to pause while someone types: it reads the replay buffer at
 * its own pace (mirror-feed.ts), at most `mirrorStep` bytes ahead of what it has parsed. With no
 * interactive client attached, it is the mirror that paces the process.
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
  /**
   * Most output given to the screen mirror beyond what it has parsed: it parses that in one go on the
   * event loop, so a small step keeps keystrokes (Ctrl-C above all) from waiting behind a flood.
   */
  mirrorStep: number;
}

export const DEFAULT_FLOW: FlowLimits = {
  // 128 KiB in flight is ~1 MB/s per terminal at 100 ms of round trip, more than anyone reads, and
  // little enough that Ctrl-C under a flood shows its prompt quickly.
  high: 128 * 1024,
  low: 32 * 1024,
  viewerLimit: 1024 * 1024,
  socketLimit: 4 * 1024 * 1024,
  mirrorStep: 64 * 1024,
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
 * Whether the process should be paused now, given whether it is paused already (hysteresis).
 * `mirrorLag` (output the mirror has not parsed) counts only when no interactive client is attached:
 * then the mirror paces a flood nobody watches, instead of the server reading it as fast as it comes.
 */
export function shouldPause(clients: Iterable<FlowClient>, paused: boolean, limits: FlowLimits, mirrorLag = 0): boolean {
  let worst = 0;
  let interactive = false;
  for (const c of clients) {
    if (c.readOnly) continue;
    interactive = true;
    worst = Math.max(worst, lag(c));
  }
  if (!interactive) worst = mirrorLag;
  return paused ? worst > limits.low : worst > limits.high;
}

export function isViewerTooSlow(c: FlowClient, limits: FlowLimits): boolean {
  return c.readOnly && lag(c) > limits.viewerLimit;
}

/** Whether a client's socket holds more unsent bytes than it may; `allowance` is its attach snapshot. */
export function isSocketOverfull(queued: number, allowance: number, limits: FlowLimits): boolean {
  return queued > limits.socketLimit + allowance;
}
