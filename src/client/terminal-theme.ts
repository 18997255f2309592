/**
 * xterm.js's colours for each page theme. The light one has its own ANSI colours: xterm's defaults (yellow, white,
 * bright colours) are made for a dark background and vanish on a light one. The frame's CSS variables
 * (--term-bg in global.css) match the backgrounds here.
 */
import type { ITheme } from '@xterm/xterm';
import type { Theme } from './theme.ts';

const DARK: ITheme = {
  background: '#0f1720',
  foreground: '#e6edf3',
  cursor: '#7ee787',
  cursorAccent: '#0f1720',
  selectionBackground: '#264f78',
};

// GitHub's light terminal colours, darkened where they fell under 4.5:1 on the background.
const LIGHT: ITheme = {
  background: '#fdfdfb',
  foreground: '#1c2126',
  cursor: '#0a6e4f',
  cursorAccent: '#fdfdfb',
  selectionBackground: '#b6d7fb',
  black: '#24292f',
  red: '#b4231a',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b6a78',
  white: '#57606a',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#0969da',
  brightMagenta: '#6e40c9',
  brightCyan: '#1b6a78',
  brightWhite: '#6e7781',
};

export function terminalTheme(theme: Theme): ITheme {
  return theme === 'dark' ? DARK : LIGHT;
}
