/**
 * The line above a starting terminal that says which step its start is at and for how long ("Creating your
 * sandbox · 1.2 s"), from the server's `step` frames, until the terminal is ready and its prompt takes the place. A failed
 * start leaves the server's sentence (why, and what to do) there. Screen readers hear each step once, through a
 * polite live region; the ticking time is hidden from them.
 */
import { stepLine } from '../../server/contracts/start-steps.ts';
import type { TerminalStep } from './terminal-connection.ts';
import '../styles/start-progress.css';

export class StartProgress {
  private readonly line: HTMLElement;
  private readonly sentence: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private since = 0;

  /** The line is put before `screen`, hidden until a step comes. */
  constructor(screen: HTMLElement, now: () => number = () => performance.now()) {
    this.now = now;
    this.line = document.createElement('p');
    this.line.className = 'terminal-step';
    this.line.hidden = true;
    this.sentence = document.createElement('span');
    this.sentence.setAttribute('role', 'status');
    this.sentence.setAttribute('aria-live', 'polite');
    this.elapsed = document.createElement('span');
    this.elapsed.setAttribute('aria-hidden', 'true');
    this.line.append(this.sentence, this.elapsed);
    screen.before(this.line);
  }

  step(step: TerminalStep): void {
    this.line.hidden = false;
    this.line.dataset['step'] = step.step;
    delete this.line.dataset['failed'];
    this.sentence.textContent = step.message;
    this.since = this.now();
    this.tick();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), 100);
  }

  /** The start failed: the server's sentence stays in place of the step (only while a start was shown). */
  fail(message: string): void {
    if (this.line.hidden) return;
    clearInterval(this.timer);
    this.line.dataset['failed'] = '';
    this.sentence.textContent = message;
    this.elapsed.textContent = '';
  }

  /** The terminal is ready or drew something (the prompt, or a restored screen): the line goes. */
  done(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.line.hidden = true;
  }

  private tick(): void {
    // The sentence is already in the live region; only the time changes here.
    this.elapsed.textContent = stepLine('', this.now() - this.since);
  }
}
