/**
 * The terminal's keys beyond xterm.js's own: Escape then Tab leaves the terminal without leaving an Escape pending
 * in the shell, and the touch screens' key bar sends what a keyboard would (arrows in both cursor modes, sticky Ctrl).
 */
import { describe, expect, it } from 'vitest';
import { barKeyBytes, isBarKey, withCtrl } from '../../src/client/key-bar.ts';
import { focusExitKeys, HOLD_MS } from '../../src/client/terminal-focus-exit.ts';

const key = (k: string, o: Partial<KeyboardEvent> = {}) => ({ type: 'keydown', key: k, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, preventDefault: () => undefined, ...o }) as KeyboardEvent;

function harness() {
  const sent: string[] = [];
  const timers = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  const handler = focusExitKeys({
    send: (d) => sent.push(d),
    setTimer: (run, ms) => {
      timers.set(next, { run, ms });
      return next++;
    },
    clearTimer: (h) => timers.delete(h as number),
  });
  const fire = () => [...timers.values()].forEach((t) => t.run());
  return { sent, timers, handler, fire };
}

describe('Escape then Tab', () => {
  it('lets Tab after Escape move the focus (xterm leaves it) and sends no Escape to the shell', () => {
    const h = harness();
    expect(h.handler(key('Escape'))).toBe(false);
    expect(h.handler(key('Tab'))).toBe(false);
    h.fire();
    expect(h.sent).toEqual([]);
  });

  it('goes back with Shift+Tab: Shift alone keeps the Escape held', () => {
    const h = harness();
    h.handler(key('Escape'));
    expect(h.handler(key('Shift', { shiftKey: true }))).toBe(true);
    expect(h.handler(key('Tab', { shiftKey: true }))).toBe(false);
    expect(h.sent).toEqual([]);
  });

  it('sends a held Escape before any other key, or alone after a moment', () => {
    const h = harness();
    h.handler(key('Escape'));
    expect(h.handler(key(':'))).toBe(true);
    expect(h.sent).toEqual(['\x1b']);
    h.handler(key('Escape'));
    expect([...h.timers.values()][0]!.ms).toBe(HOLD_MS);
    h.fire();
    expect(h.sent).toEqual(['\x1b', '\x1b']);
  });

  it('leaves a Tab without Escape to the shell (completion)', () => {
    const h = harness();
    expect(h.handler(key('Tab'))).toBe(true);
    expect(h.handler({ ...key('Tab'), type: 'keyup' } as KeyboardEvent)).toBe(true);
  });
});

describe('the key bar', () => {
  it('sends arrows as the cursor mode asks, and the other keys as typed', () => {
    expect(barKeyBytes('up', false)).toBe('\x1b[A');
    expect(barKeyBytes('left', true)).toBe('\x1bOD');
    expect(barKeyBytes('esc', false)).toBe('\x1b');
    expect(barKeyBytes('tab', false)).toBe('\t');
    expect(['pipe', 'tilde', 'slash', 'dash'].map((k) => barKeyBytes(k as never, false)).join('')).toBe('|~/-');
    expect(isBarKey('pipe')).toBe(true);
    expect(isBarKey('rm -rf')).toBe(false);
  });

  it('makes control characters with Ctrl', () => {
    expect(withCtrl('c')).toBe('\x03');
    expect(withCtrl('C')).toBe('\x03');
    expect(withCtrl('[')).toBe('\x1b');
    expect(withCtrl(' ')).toBe('\x00');
    expect(withCtrl('1')).toBe('1');
    expect(withCtrl('ab')).toBe('ab');
  });
});
