/**
 * Copy and paste with the keyboard, as in desktop terminals: Ctrl+Shift+C copies the selection (made with
 * the mouse), Ctrl+Shift+V pastes. Plain Ctrl+C and Ctrl+V stay the shell's (interrupt, literal next).
 */
import type { Terminal } from '@xterm/xterm';

/** xterm's custom key handler: false = xterm must not handle this key itself. */
export function handleClipboardKeys(term: Terminal, ev: KeyboardEvent): boolean {
  if (ev.type !== 'keydown' || !ev.ctrlKey || !ev.shiftKey || ev.altKey || ev.metaKey) return true;
  if (ev.code === 'KeyC') {
    const selection = term.getSelection();
    if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
    ev.preventDefault();
    return false;
  }
  if (ev.code === 'KeyV') {
    // preventDefault: the browser would otherwise paste a second time through xterm's textarea.
    ev.preventDefault();
    void navigator.clipboard
      ?.readText()
      .then((text) => text && term.paste(text))
      .catch(() => undefined);
    return false;
  }
  return true;
}
