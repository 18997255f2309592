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
import { mountKeyBar } from './key-bar-view.ts';
import { handleClipboardKeys } from './terminal-clipboard.ts';
import { focusExitKeys } from './terminal-focus-exit.ts';
import { TerminalConnection, type ConnectionState, type TerminalNotice } from './terminal-connection.ts';
import { useBestRenderer } from './terminal-renderer.ts';
import { terminalTheme } from './terminal-theme.ts';
import { currentTheme, onThemeChange } from './theme.ts';
import { StartProgress } from './start-progress.ts';
import { KERNEL_FIGURES_EVENT, KERNEL_WATCH_EVENT, type KernelFigures, type KernelWatchDetail } from './kernel-events.ts';
import { noticeSequence } from './workshop-terminal-line.ts';
import { WATCHED_EVENT, type WatchedDetail } from './workshop-watched.ts';
import { withBase } from '../lib/base-path.ts';

export interface MountOptions {
  host: HTMLElement;
  screen: HTMLElement;
  status: HTMLElement;
  /** The button offered when the sandbox is about to expire. */
  extend?: HTMLButtonElement | null;
  /** The screen-reader mode toggle, when the frame has one. */
  a11yToggle: HTMLButtonElement | null;
  terminalId: string;
  /** In a lab of several machines: which one this terminal is on (the hello's `node`). */
  node?: string | undefined;
  lesson: string | undefined;
  /** An instructor watching a workshop member's shell: read-only, nothing typed or resized. */
  watch?: { workshop: string; member: string };
  /** Aborting it closes the connection and disposes of the terminal (a watch dialog closed). */
  signal?: AbortSignal;
}

const SCREEN_READER_KEY = 'boxlab:screen-reader';

export function mountTerminal(options: MountOptions): TerminalConnection {
  const screenReader = localStorage.getItem(SCREEN_READER_KEY) === 'on';
  const readOnly = options.watch !== undefined;
  const term = new Terminal({
    cursorBlink: !readOnly,
    disableStdin: readOnly,
    fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
    fontSize: 14,
    scrollback: 5000,
    // The unicode11 addon is a proposed API.
    allowProposedApi: true,
    screenReaderMode: screenReader,
    theme: terminalTheme(currentTheme()),
  });
  // The page's theme switched (the header's picker, or the system's): recolour in place, the shell goes on.
  const stopFollowingTheme = onThemeChange((theme) => {
    term.options.theme = terminalTheme(theme);
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon());
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.open(options.screen);
  // Entering the terminal, a screen reader says how to leave it (the frame's "Keys" help).
  const hint = options.host.querySelector<HTMLElement>('.terminal-keys-hint');
  if (hint && term.textarea) {
    hint.id ||= `terminal-keys-hint-${options.terminalId}`;
    term.textarea.setAttribute('aria-describedby', hint.id);
  }
  void useBestRenderer(term, options.host);
  fit.fit();
  // Every key and byte the learner sends takes this one path (typed, pasted, the key bar's, a held Escape).
  const send = (data: string) => {
    if (state === 'exited') {
      if (data === '\r') connection.restart();
      return;
    }
    connection.input(data);
  };
  // Escape then Tab leaves the terminal (terminal-focus-exit.ts).
  const exitKeys = focusExitKeys({ send });
  // A watcher's keys are not the terminal's: Tab moves on and Escape closes the watch dialog (copying still works).
  term.attachCustomKeyEventHandler((ev) => handleClipboardKeys(term, ev) && !readOnly && exitKeys(ev));
  // Touch screens: the extra-keys bar types through xterm, so its keys come back through onData below.
  const barElement = options.host.querySelector<HTMLElement>('.terminal-keys');
  const keyBar = barElement && !readOnly ? mountKeyBar(barElement, { input: (data) => term.input(data, true), applicationCursor: () => term.modes.applicationCursorKeysMode }) : undefined;

  const notice = (n: TerminalNotice) => {
    if (n.kind === 'watched') {
      // Kept on the element too: the workshop banner may load after the first notice came.
      options.host.dataset['watchers'] = String(n.watchers ?? 0);
      options.host.dispatchEvent(new CustomEvent<WatchedDetail>(WATCHED_EVENT, { bubbles: true, detail: { watchers: n.watchers ?? 0 } }));
    } else if (n.kind === 'broadcast') {
      // After the output already queued, so the cursor read is where that output left it. A full-screen program
      // (the alternate screen) is not drawn over: the page's banner shows the message.
      term.write('', () => {
        const b = term.buffer.active;
        if (b.type === 'alternate') return;
        let lineTop = b.cursorY;
        while (lineTop > 0 && b.getLine(b.baseY + lineTop)?.isWrapped) lineTop--;
        term.write(noticeSequence({ x: b.cursorX, y: b.cursorY, lineTop, cols: term.cols, rows: term.rows }, n.text));
      });
    }
  };

  const progress = new StartProgress(options.screen);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let state: ConnectionState = 'connecting';
  const connection = new TerminalConnection({
    url: `${scheme}//${location.host}${withBase('/ws/terminal')}`,
    terminal: options.terminalId,
    ...(options.node ? { node: options.node } : {}),
    lesson: options.lesson,
    ...(options.watch ? { watch: options.watch } : {}),
    size: () => ({ cols: term.cols, rows: term.rows }),
    events: {
      output: (data, rendered) => {
        progress.done();
        term.write(data, rendered);
      },
      screen: (data) => {
        progress.done();
        term.write(data);
      },
      step: (step) => progress.step(step),
      kernel: (figures) => options.host.dispatchEvent(new CustomEvent<KernelFigures>(KERNEL_FIGURES_EVENT, { detail: figures })),
      // As a write (RIS, which xterm.js answers with the same reset), so that output of the old connection still
      // queued is drawn before the screen is cleared, not onto the new screen.
      reset: () => term.write('\x1bc'),
      notice,
      state: (next, message) => {
        state = next;
        options.host.dataset['state'] = next;
        options.status.textContent = message;
        if (next === 'error') progress.fail(message);
        // Attached: the prompt follows at once (and a shell that printed nothing yet leaves no step behind).
        else if (next === 'ready' || next === 'exited' || next === 'expired') progress.done();
        if (options.extend) options.extend.hidden = next !== 'expiring';
      },
    },
  });

  term.onData((data) => send(keyBar ? keyBar.typed(data) : data));
  // <Run> buttons type into this terminal through a DOM event (run-command.ts), not through this module.
  options.host.addEventListener(RUN_EVENT, (e) => {
    connection.input((e as CustomEvent<RunDetail>).detail.text);
    term.focus();
  });
  // The kernel panel (kernel-panel.ts) asks for the sandbox's figures while it is open.
  if (!readOnly) {
    options.host.addEventListener(KERNEL_WATCH_EVENT, (e) => connection.watchKernel((e as CustomEvent<KernelWatchDetail>).detail.on));
    if (options.host.dataset['kernel'] === 'on') connection.watchKernel(true);
  }
  // A watcher's size is its own: the learner's shell keeps theirs.
  if (!readOnly) term.onResize(({ cols, rows }) => connection.resize(cols, rows));
  options.extend?.addEventListener('click', () => {
    connection.extend();
    term.focus();
  });
  const resizes = new ResizeObserver(() => fit.fit());
  resizes.observe(options.screen);
  options.signal?.addEventListener('abort', () => {
    connection.stop();
    progress.done();
    resizes.disconnect();
    stopFollowingTheme();
    term.dispose();
  });

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
  void fetch(withBase('/healthz'), { credentials: 'same-origin', cache: 'no-store' })
    .catch(() => undefined)
    .finally(() => !options.signal?.aborted && connection.connect());
  // With one terminal on the page, typing goes there at once; with several, the learner picks.
  if (!readOnly && document.querySelectorAll('boxlab-terminal').length === 1) term.focus();
  return connection;
}
