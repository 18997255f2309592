/**
 * The extra-keys bar for touch screens (KeyBar.astro): the keys a phone's keyboard lacks, as the bytes a
 * terminal's keyboard would send, and Ctrl as a sticky modifier (tap Ctrl, then a key, on the bar or the phone's
 * keyboard). Pure: the terminal view sends what this returns through its own input path.
 */
export type BarKey = 'esc' | 'tab' | 'up' | 'down' | 'left' | 'right' | 'pipe' | 'tilde' | 'slash' | 'dash';

const ARROWS = { up: 'A', down: 'B', right: 'C', left: 'D' } as const;
const PLAIN: Record<Exclude<BarKey, keyof typeof ARROWS>, string> = { esc: '\x1b', tab: '\t', pipe: '|', tilde: '~', slash: '/', dash: '-' };

export function isBarKey(name: string): name is BarKey {
  return name in ARROWS || name in PLAIN;
}

/** `applicationCursor`: the program asked for application cursor keys (DECCKM, e.g. vim, less): ESC O x, not ESC [ x. */
export function barKeyBytes(key: BarKey, applicationCursor: boolean): string {
  if (key in ARROWS) return `\x1b${applicationCursor ? 'O' : '['}${ARROWS[key as keyof typeof ARROWS]}`;
  return PLAIN[key as keyof typeof PLAIN];
}

/** Ctrl with one typed character, as a terminal sends it (Ctrl+C → ETX); anything else unchanged. */
export function withCtrl(data: string): string {
  if (data.length !== 1) return data;
  const c = data.toUpperCase().charCodeAt(0);
  if (c >= 0x40 && c <= 0x5f) return String.fromCharCode(c - 0x40); // @ A–Z [ \ ] ^ _
  if (data === ' ') return '\x00';
  if (data === '?') return '\x7f';
  if (data === '/') return '\x1f';
  return data;
}
