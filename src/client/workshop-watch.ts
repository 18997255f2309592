/**
 * Over a learner's shoulder: their terminal, live and read-only, in a dialog. The same xterm view learners have
 * (terminal-view.ts) with the protocol's `watch` hello; closing the dialog ends the watch, and the learner is told.
 */
import type { GridRow } from '../../server/contracts/workshop.ts';

export function watchLearner(workshop: string, row: GridRow): void {
  const dialog = document.querySelector<HTMLDialogElement>('#watch-dialog')!;
  const host = dialog.querySelector<HTMLElement>('[data-watch-host]')!;
  const picker = dialog.querySelector<HTMLElement>('[data-watch-picker]')!;
  const select = dialog.querySelector<HTMLSelectElement>('[data-watch-terminal]')!;
  dialog.querySelector('[data-watch-name]')!.textContent = row.name;
  const terminals = row.terminals.length ? row.terminals : ['main'];
  select.replaceChildren(...terminals.map((t) => Object.assign(document.createElement('option'), { value: t, textContent: t })));
  picker.hidden = terminals.length < 2;

  let stop: AbortController | undefined;
  const open = async (terminal: string) => {
    stop?.abort();
    const current = (stop = new AbortController());
    const template = document.querySelector<HTMLTemplateElement>('#watch-terminal')!;
    const frame = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    frame.querySelector('.terminal-title')!.textContent = `${row.name}: ${terminal}`;
    host.replaceChildren(frame);
    // xterm.js is loaded only when an instructor watches.
    const { mountTerminal } = await import('./terminal-view.ts');
    if (current.signal.aborted) return;
    mountTerminal({
      host: frame,
      screen: frame.querySelector<HTMLElement>('.terminal-screen')!,
      status: frame.querySelector<HTMLElement>('.terminal-status')!,
      a11yToggle: null,
      terminalId: terminal,
      lesson: undefined,
      watch: { workshop, member: row.member },
      signal: current.signal,
    });
  };
  select.onchange = () => void open(select.value);
  dialog.querySelector<HTMLButtonElement>('[data-close]')!.onclick = () => dialog.close();
  dialog.addEventListener(
    'close',
    () => {
      stop?.abort();
      host.replaceChildren();
    },
    { once: true },
  );
  dialog.showModal();
  void open(terminals[0]!);
}
