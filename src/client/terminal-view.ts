/**
 * xterm.js on the page, wired to a TerminalConnection. Only this module (and its renderer and clipboard
 * helpers) touches xterm.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { RUN_EVENT, type RunDetail } from './run-command.ts';
import { handleClipboardKeys } from './terminal-clipboard.ts';
import { TerminalConnection, type ConnectionState } from './terminal-connection.ts';
import { useBestRenderer } from './terminal-renderer.ts';

export interface MountOptions {
  host: HTMLElement;
  screen: HTMLElement;
  status: HTMLElement;
  /** The button offered when the sandbox is about to expire. */
  extend?: HTMLButtonElement | null;
  /** The screen-reader mode toggle, when the frame has one. */
  a11yToggle: HTMLButtonElement | null;
  terminalId: string;
  lesson: string | undefined;
}

const SCREEN_READER_KEY = 'boxlab:screen-reader';

export function mountTerminal(options: MountOptions): TerminalConnection {
  const screenReader = localStorage.getItem(SCREEN_READER_KEY) === 'on';
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
    fontSize: 14,
    scrollback: 5000,
    // The unicode11 addon is a proposed API.
    allowProposedApi: true,
    screenReaderMode: screenReader,
    theme: { background: '#0f1720', foreground: '#e6edf3', cursor: '#7ee787', selectionBackground: '#264f78' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon());
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.open(options.screen);
  void useBestRenderer(term, options.host);
  fit.fit();
  term.attachCustomKeyEventHandler((ev) => handleClipboardKeys(term, ev));

  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let state: ConnectionState = 'connecting';
  const connection = new TerminalConnection({
    url: `${scheme}//${location.host}/ws/terminal`,
    terminal: options.terminalId,
    lesson: options.lesson,
    size: () => ({ cols: term.cols, rows: term.rows }),
    events: {
      output: (data, rendered) => term.write(data, rendered),
      screen: (data) => term.write(data),
      // As a write (RIS, which xterm.js answers with the same reset), so that output of the old connection still
      // queued is drawn before the screen is cleared, not onto the new screen.
      reset: () => term.write('\x1bc'),
      state: (next, message) => {
        state = next;
        options.host.dataset['state'] = next;
        options.status.textContent = message;
        if (options.extend) options.extend.hidden = next !== 'expiring';
      },
    },
  });

  term.onData((data) => {
    if (state === 'exited') {
      if (data === '\r') connection.restart();
      return;
    }
    connection.input(data);
  });
  // <Run> buttons type into this terminal through a DOM event (run-command.ts), not through this module.
  options.host.addEventListener(RUN_EVENT, (e) => {
    connection.input((e as CustomEvent<RunDetail>).detail.text);
    term.focus();
  });
  term.onResize(({ cols, rows }) => connection.resize(cols, rows));
  options.extend?.addEventListener('click', () => {
    connection.extend();
    term.focus();
  });
  new ResizeObserver(() => fit.fit()).observe(options.screen);

  if (options.a11yToggle) {
    const toggle = options.a11yToggle;
    toggle.hidden = false;
    toggle.setAttribute('aria-pressed', String(screenReader));
    toggle.addEventListener('click', () => {
      const on = !term.options.screenReaderMode;
      term.options.screenReaderMode = on;
      toggle.setAttribute('aria-pressed', String(on));
      localStorage.setItem(SCREEN_READER_KEY, on ? 'on' : 'off');
      term.focus();
    });
  }

  // The server gives a learner their identity cookie on any request; a page served from a cache or from
  // Astro's dev server did not go through it, so ask once before the socket (which needs the cookie) opens.
  void fetch('/healthz', { credentials: 'same-origin', cache: 'no-store' })
    .catch(() => undefined)
    .finally(() => connection.connect());
  // With one terminal on the page, typing goes there at once; with several, the learner picks.
  if (document.querySelectorAll('boxlab-terminal').length === 1) term.focus();
  return connection;
}
