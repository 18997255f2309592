/**
 * Leaving the terminal with the keyboard: xterm.js takes Tab (the shell completes with it), which would trap a
 * keyboard user (WCAG 2.1.2). Escape then Tab (or Shift+Tab) moves the focus on (or back) as Tab does elsewhere;
 * Tab from the page's other controls comes back in. The Escape is held a moment instead of sent at once: sent, it
 * would stay pending in the shell (readline reads Escape as Meta) and turn the next key typed there into another
 * command. Any other key sends it at once, before that key; alone it goes after HOLD_MS (vim, less, top still get
 * it). docs/learners.md, "Keyboard".
 */
export const HOLD_MS = 600;

export interface FocusExitOptions {
  /** The input path every key takes (the same as xterm's onData). */
  send: (data: string) => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * A key handler for xterm's attachCustomKeyEventHandler: false = xterm must leave the key alone (for Tab after
 * Escape, the browser then moves the focus, its default).
 */
export function focusExitKeys(o: FocusExitOptions): (ev: KeyboardEvent) => boolean {
  const setTimer = o.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let held: unknown;
  const release = (send: boolean) => {
    if (held === undefined) return;
    clearTimer(held);
    held = undefined;
    if (send) o.send('\x1b');
  };
  return (ev) => {
    if (ev.type !== 'keydown') return true;
    const plain = !ev.ctrlKey && !ev.altKey && !ev.metaKey;
    if (ev.key === 'Tab' && plain && held !== undefined) {
      release(false);
      return false;
    }
    // Modifier keys alone (Shift before Shift+Tab) neither send nor release the Escape.
    if (['Shift', 'Control', 'Alt', 'Meta'].includes(ev.key)) return true;
    release(true);
    if (ev.key === 'Escape' && plain && !ev.shiftKey) {
      held = setTimer(() => release(true), HOLD_MS);
      ev.preventDefault();
      return false;
    }
    return true;
  };
}
