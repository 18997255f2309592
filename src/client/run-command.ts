/**
 * Lesson components type into a terminal through one DOM event, so they need nothing from the terminal's
 * code but its element: `boxlab:run` on a <boxlab-terminal> carries the bytes to send as if typed.
 * After dispatching, `boxlab:command` on the document tells listeners (auto-check) a command was entered.
 */
export const RUN_EVENT = 'boxlab:run';
export const COMMAND_EVENT = 'boxlab:command';

export interface RunDetail {
  /** Bytes for the terminal, exactly as keys would produce them (`\r` is Enter, `\x03` is Ctrl-C). */
  text: string;
}

export interface RunOptions {
  /** The `id` of the <Terminal> to type into; default: the page's main terminal. */
  terminal?: string | undefined;
  /** In a lab: the machine of that terminal (its <Terminal node>); default: whichever terminal has the id. */
  node?: string | undefined;
  /** Press Ctrl-C first, to stop whatever still runs in the foreground. */
  interrupt?: boolean | undefined;
}

/**
 * After Ctrl-C the terminal discards input that is already queued (the tty flushes on interrupt), so the
 * command follows after a short pause rather than in the same write.
 */
const AFTER_INTERRUPT_MS = 250;

export function findTerminal(name: string | undefined, node?: string): HTMLElement | null {
  if (node) return document.querySelector<HTMLElement>(`boxlab-terminal[data-node="${CSS.escape(node)}"][data-terminal="${CSS.escape(name ?? 'main')}"]`);
  if (name) return document.querySelector<HTMLElement>(`boxlab-terminal[data-terminal="${CSS.escape(name)}"]`);
  return document.querySelector<HTMLElement>('boxlab-terminal[data-terminal="main"]') ?? document.querySelector<HTMLElement>('boxlab-terminal');
}

/** Multi-line commands are typed line by line; the last line gets its Enter too. */
export const commandKeys = (command: string): string => `${command.replace(/\r?\n/g, '\r').replace(/\r+$/, '')}\r`;

export type RunOutcome = 'sent' | 'no-terminal' | 'not-ready';

/** Type `command` and press Enter in a terminal, if the page has it and it is connected. */
export function runInTerminal(command: string, options: RunOptions = {}): RunOutcome {
  const target = findTerminal(options.terminal, options.node);
  if (!target) return 'no-terminal';
  // Keys sent before the shell is attached would be lost; better to say so than to look broken.
  if (target.dataset['state'] !== 'ready') return 'not-ready';
  // The learner should see what the command prints (and xterm.js does not render while off screen).
  target.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const send = (text: string) => target.dispatchEvent(new CustomEvent<RunDetail>(RUN_EVENT, { detail: { text } }));
  const type = () => {
    send(commandKeys(command));
    document.dispatchEvent(new CustomEvent(COMMAND_EVENT));
  };
  if (options.interrupt) {
    send('\x03');
    setTimeout(type, AFTER_INTERRUPT_MS);
  } else type();
  return 'sent';
}
