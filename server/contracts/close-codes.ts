/**
 * The terminal WebSocket's close codes (docs/protocol.md, "Close codes"): the server closes with them, the
 * browser client decides from them whether to reconnect. Pure.
 */
export const closeCodes = {
  /** The client closed (standard). */
  normal: 1000,
  /** A frame over the size limit (standard; `ws` closes with it itself). */
  tooLarge: 1009,
  /** The server is restarting (standard "service restart"): sandboxes and shells survive, so reconnect. */
  restarting: 1012,
  /** Protocol error: no hello in time, an unknown or missing lesson. */
  protocol: 4400,
  /** The terminal ended: its sandbox was removed or expired, or the client fell too far behind. */
  ended: 4410,
  /** The sandbox or shell could not be started (capacity, rate limit, engine…): worth trying again later. */
  unavailable: 4503,
} as const;
export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** After these, reconnecting would not help: the client stops and shows why. */
export function isFinalClose(code: number): boolean {
  return code === closeCodes.protocol || code === closeCodes.ended;
}
