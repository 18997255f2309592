/**
 * Re-check open exercises by themselves: shortly after the learner presses Enter in a terminal (or a <Run>
 * button types a command), and on a slow interval while the page is visible, so a tick appears without
 * pressing Check. Only exercises on screen and not yet passed are checked; the server rate-limits the rest.
 */
import { COMMAND_EVENT } from './run-command.ts';

export interface AutoCheckable {
  readonly element: HTMLElement;
  /** False once passed, or while a check is running. */
  wantsCheck(): boolean;
  check(auto: true): Promise<void>;
}

/** Long enough for a typical command to finish and the shell to go quiet again. */
const AFTER_COMMAND_MS = 1500;
const INTERVAL_MS = 20_000;

const watched = new Set<AutoCheckable>();
const visible = new WeakSet<HTMLElement>();
let observer: IntersectionObserver | undefined;
let pending: ReturnType<typeof setTimeout> | undefined;

function terminalReady(): boolean {
  return document.querySelector('boxlab-terminal[data-state="ready"]') !== null;
}

function checkOpenExercises(): void {
  if (document.visibilityState !== 'visible' || !terminalReady()) return;
  for (const ex of watched) if (visible.has(ex.element) && ex.wantsCheck()) void ex.check(true);
}

function soon(): void {
  if (pending) clearTimeout(pending);
  pending = setTimeout(checkOpenExercises, AFTER_COMMAND_MS);
}

function start(): void {
  observer = new IntersectionObserver((entries) => {
    for (const e of entries) (e.isIntersecting ? visible.add(e.target as HTMLElement) : visible.delete(e.target as HTMLElement));
  });
  // Enter pressed inside any terminal (xterm's hidden textarea has the focus; the key event bubbles).
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.target as Element | null)?.closest?.('boxlab-terminal')) soon();
  }, true);
  document.addEventListener(COMMAND_EVENT, soon);
  setInterval(checkOpenExercises, INTERVAL_MS);
}

export function watchForAutoCheck(exercise: AutoCheckable): void {
  if (!observer) start();
  watched.add(exercise);
  observer!.observe(exercise.element);
}
