/**
 * <boxlab-exercise>: the Check button and its result, hints one at a time, the solution behind a second,
 * deliberate click, and auto-checks. A pass is final for the page (and stored by the server).
 */
import type { CheckResponse } from '../../server/contracts/api.ts';
import { watchForAutoCheck } from './auto-check.ts';
import { ApiFailure, checkExercise, loadProgress, PROGRESS_EVENT } from './lesson-api.ts';

class BoxlabExerciseElement extends HTMLElement {
  private passed = false;
  private checking = false;
  private started = false;

  get lesson(): string {
    return this.dataset['lesson'] ?? '';
  }
  get exercise(): string {
    return this.dataset['exercise'] ?? '';
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.button('check')?.addEventListener('click', () => void this.check(false));
    this.button('hint')?.addEventListener('click', () => this.nextHint());
    this.button('solution')?.addEventListener('click', () => this.solution());
    void loadProgress()
      .then((p) => p.lessons[this.lesson]?.passed.includes(this.exercise) && this.markPassed('You have already solved this exercise.'))
      .catch(() => undefined);
    const self = this;
    watchForAutoCheck({ element: this, wantsCheck: () => !self.passed && !self.checking, check: () => self.check(true) });
  }

  async check(auto: boolean): Promise<void> {
    if (this.checking || (auto && this.passed)) return;
    this.checking = true;
    if (!auto) this.show('checking', 'Checking…');
    try {
      const result = await checkExercise(this.lesson, this.exercise, auto);
      if (result.passed) this.markPassed(result.message);
      else if (this.passed) this.show('passed', `You solved this earlier, so it stays solved. The check now says: ${result.message}`);
      else this.showResult(result, auto);
    } catch (err) {
      // Auto-checks stay quiet about the server; the learner only hears about the checks they asked for.
      if (!auto) this.show('error', err instanceof ApiFailure ? err.message : 'The check could not be run. Try again.');
    } finally {
      this.checking = false;
    }
  }

  private showResult(result: CheckResponse, auto: boolean): void {
    if (auto && result.status !== 'failed') return;
    this.show(result.status, result.message);
  }

  private markPassed(message: string): void {
    const first = !this.passed;
    this.passed = true;
    this.dataset['passed'] = 'true';
    this.show('passed', message);
    const tick = this.querySelector('.exercise-tick');
    if (tick) tick.textContent = '✓';
    if (first) document.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { lesson: this.lesson, exercise: this.exercise } }));
  }

  private show(status: string, message: string): void {
    const result = this.querySelector<HTMLElement>('.exercise-result');
    if (!result) return;
    result.dataset['status'] = status;
    const label = { passed: 'Passed', failed: 'Not yet', timeout: 'Timed out', broken: 'Check broken', error: 'Error', checking: '' }[status] ?? '';
    result.textContent = '';
    if (label) result.append(Object.assign(document.createElement('strong'), { textContent: `${label}: ` }));
    result.append(document.createTextNode(message));
  }

  private nextHint(): void {
    const hints = [...this.querySelectorAll<HTMLElement>('.exercise-hints li')];
    const next = hints.find((h) => h.hidden);
    if (!next) return;
    next.hidden = false;
    this.querySelector<HTMLElement>('.exercise-hints')!.hidden = false;
    const left = hints.filter((h) => h.hidden).length;
    const button = this.button('hint')!;
    if (left === 0) button.hidden = true;
    else button.textContent = `Show another hint (${hints.length - left + 1} of ${hints.length})`;
  }

  private solution(): void {
    const button = this.button('solution')!;
    if (button.dataset['armed'] !== 'true') {
      // First click only asks: working it out is how it sticks.
      button.dataset['armed'] = 'true';
      button.textContent = 'Yes, show me the solution';
      this.querySelector<HTMLElement>('.exercise-solution-warning')!.hidden = false;
      return;
    }
    button.hidden = true;
    this.querySelector<HTMLElement>('.exercise-solution-warning')!.hidden = true;
    this.querySelector<HTMLElement>('.exercise-solution')!.hidden = false;
  }

  private button(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  }
}

if (!customElements.get('boxlab-exercise')) customElements.define('boxlab-exercise', BoxlabExerciseElement);
