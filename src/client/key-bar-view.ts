/**
 * Wires a KeyBar.astro bar to a terminal. Its keys take the terminal's input path (`input`, i.e. xterm's
 * term.input, so they arrive through onData like typed keys), and Ctrl stays pressed for the next key only.
 * A tap does not take the focus from the terminal (the phone's keyboard stays open).
 */
import { barKeyBytes, isBarKey, withCtrl } from './key-bar.ts';

export interface KeyBarOptions {
  input: (data: string) => void;
  applicationCursor: () => boolean;
}

export interface KeyBar {
  /** What the terminal sends for `data` typed anywhere (bar or keyboard): with Ctrl when Ctrl is held. */
  typed(data: string): string;
}

export function mountKeyBar(bar: HTMLElement, o: KeyBarOptions): KeyBar {
  const ctrl = bar.querySelector<HTMLButtonElement>('[data-modifier="ctrl"]');
  let ctrlHeld = false;
  const holdCtrl = (on: boolean) => {
    ctrlHeld = on;
    ctrl?.setAttribute('aria-pressed', String(on));
  };
  // Keeps the focus (and the phone's keyboard) where it is.
  bar.addEventListener('pointerdown', (e) => e.preventDefault());
  bar.addEventListener('mousedown', (e) => e.preventDefault());
  bar.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button === ctrl) return holdCtrl(!ctrlHeld);
    const key = button.dataset['key'] ?? '';
    if (isBarKey(key)) o.input(barKeyBytes(key, o.applicationCursor()));
  });
  return {
    typed(data) {
      if (!ctrlHeld) return data;
      holdCtrl(false);
      return withCtrl(data);
    },
  };
}
