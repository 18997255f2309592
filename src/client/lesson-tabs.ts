/**
 * Narrow screens (phones, tablets upright): the lesson's text and its terminal are two panes, one shown at a
 * time, picked with LessonTabs.astro's buttons. The terminal pane is as tall as what the screen shows above the
 * phone's keyboard (--viewport-height from the visual viewport), so the prompt is never under the keyboard.
 */
import { findTerminal, RUN_EVENT } from './run-command.ts';

const lesson = document.querySelector<HTMLElement>('.lesson[data-panes]');
const tabs = lesson?.querySelector<HTMLElement>('.lesson-tabs');
if (lesson && tabs) {
  const buttons = [...tabs.querySelectorAll<HTMLButtonElement>('button[data-show]')];
  // Wide screens hide the tabs and show both panes: nothing to scroll to or focus there.
  const narrow = () => getComputedStyle(tabs).display !== 'none';
  const show = (pane: string, focus: boolean) => {
    lesson.dataset['pane'] = pane;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset['show'] === pane));
    if (pane !== 'terminal' || !narrow()) return;
    tabs.scrollIntoView({ block: 'start' });
    if (focus) findTerminal(undefined)?.querySelector<HTMLElement>('.xterm-helper-textarea')?.focus();
  };
  for (const b of buttons) b.addEventListener('click', () => show(b.dataset['show'] ?? 'text', true));
  // A <Run> button in the text types into the terminal: show it, so the learner sees what it does.
  document.addEventListener(RUN_EVENT, () => show('terminal', false), true);

  const viewport = window.visualViewport;
  const follow = () => {
    if (!viewport) return;
    document.documentElement.style.setProperty('--viewport-height', `${Math.round(viewport.height)}px`);
    // The keyboard came or went: keep the terminal's bottom (its prompt) in what is seen.
    if (lesson.dataset['pane'] === 'terminal' && narrow()) requestAnimationFrame(() => tabs.scrollIntoView({ block: 'start' }));
  };
  viewport?.addEventListener('resize', follow);
  follow();
}
