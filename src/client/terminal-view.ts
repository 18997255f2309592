/**
 * xterm.js on the page, wired to a TerminalConnection. Only this module touches xterm.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { RUN_EVENT, type RunDetail } from './run-command.ts';
import { TerminalConnection, type ConnectionState } from './terminal-connection.ts';

export interface MountOptions {
  host: HTMLElement;
  screen: HTMLElement;
  status: HTMLElement;
  /** The button offered when the sandbox is about to expire. */
  extend?: HTMLButtonElement | null;
  terminalId: string;
  lesson: string | undefined;
}

export function mountTerminal(o: MountOptions): TerminalConnection {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: { background: '#0f1720', foreground: '#e6edf3', cursor: '#7ee787', selectionBackground: '#264f78' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(o.screen);
  fit.fit();

  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let state: ConnectionState = 'connecting';
  const connection = new TerminalConnection({
    url: `${scheme}//${location.host}/ws/terminal`,
    terminal: o.terminalId,
    lesson: o.lesson,
    size: () => ({ cols: term.cols, rows: term.rows }),
    events: {
      output: (data, rendered) => term.write(data, rendered),
      reset: () => term.reset(),
      state: (next, message) => {
        state = next;
        o.host.dataset['state'] = next;
        o.status.textContent = message;
        if (o.extend) o.extend.hidden = next !== 'expiring';
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
  o.host.addEventListener(RUN_EVENT, (e) => {
    connection.input((e as CustomEvent<RunDetail>).detail.text);
    term.focus();
  });
  term.onResize(({ cols, rows }) => connection.resize(cols, rows));
  o.extend?.addEventListener('click', () => {
    connection.extend();
    term.focus();
  });
  new ResizeObserver(() => fit.fit()).observe(o.screen);
  o.host.addEventListener('focusin', () => o.host.classList.add('focused'));
  o.host.addEventListener('focusout', () => o.host.classList.remove('focused'));

  connection.connect();
  term.focus();
  return connection;
}
