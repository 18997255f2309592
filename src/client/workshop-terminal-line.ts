/**
 * An instructor's broadcast as a line in the learner's terminal, drawn by the page alone (the shell never sees it,
 * so it is no output position and never acknowledged). It is inserted above the line the learner is typing on,
 * which stays as it was, cursor included: a half-typed command is not broken. Pure: escape sequences from where
 * the cursor is.
 */

export interface CursorPlace {
  /** Column and row of the cursor on the visible screen, from 0. */
  x: number;
  y: number;
  /** The first screen row of the line the cursor is on: a long command wraps over several rows. */
  lineTop: number;
  cols: number;
  rows: number;
}

export const NOTICE_PREFIX = 'Message from your instructor: ';

/** The text cut into rows of the terminal's width (at most `maxRows`; the last row says it was cut). */
export function noticeRows(text: string, cols: number, maxRows: number): string[] {
  const chars = [...`${NOTICE_PREFIX}${text.replace(/[\p{Cc}]+/gu, ' ')}`];
  const width = Math.max(1, cols);
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += width) rows.push(chars.slice(i, i + width).join(''));
  if (rows.length <= maxRows) return rows;
  const kept = rows.slice(0, Math.max(1, maxRows));
  const last = [...kept[kept.length - 1]!];
  kept[kept.length - 1] = `${last.slice(0, Math.max(0, width - 1)).join('')}…`;
  return kept;
}

const ESC = '\x1b';
/** Bold yellow, as a notice apart from the shell's own output. */
const STYLE = `${ESC}[1;33m`;
const PLAIN = `${ESC}[0m`;

/**
 * What to write into the terminal: room is made at the bottom when needed (the screen scrolls, the top rows go into
 * the scrollback), the notice's rows are inserted above the current line, and the cursor returns to its place on it.
 */
export function noticeSequence(place: CursorPlace, text: string): string {
  const rows = noticeRows(text, place.cols, Math.max(1, place.rows - 1));
  const n = rows.length;
  // Rows the screen must scroll so that the current line still fits under the notice.
  const scroll = Math.max(0, place.y + n - (place.rows - 1));
  const top = Math.max(0, place.lineTop - scroll);
  let out = `${ESC}7`; // keep the shell's colours and modes
  if (scroll > 0) out += `${ESC}[${place.rows};1H${'\n'.repeat(scroll)}`;
  out += `${ESC}[${top + 1};1H${ESC}[${n}L`;
  out += rows.map((row) => `${STYLE}${row}${PLAIN}`).join('\r\n');
  out += `${ESC}8`;
  out += `${ESC}[${Math.min(place.rows, place.y - scroll + n + 1)};${Math.min(place.cols, place.x + 1)}H`;
  return out;
}
