/**
 * How a terminal tells the page that someone watches it (the protocol's `notice` `watched`): a DOM event on the
 * terminal's element, and the count kept on it as `data-watchers`. Its own module so the workshop banner can listen
 * without loading xterm.js.
 */
export const WATCHED_EVENT = 'boxlab:watched';

export interface WatchedDetail {
  /** How many watch the shell now; 0 when nobody does any more. */
  watchers: number;
}
