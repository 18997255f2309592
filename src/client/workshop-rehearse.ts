/**
 * The Rehearse panel (WorkshopRehearse.astro): asks how many learners (the workshop's places by default, at most
 * what the server allows), confirms, starts the rehearsal (the POST answers when it is over) and meanwhile reads
 * how it is going every half second; then shows whether the host held and the pool size to use. A rehearsal
 * already running (another tab, another instructor) is followed when the page opens.
 */
import { MAX_REHEARSAL_LEARNERS, type RehearsalResult, type RehearsalStatus } from '../../server/contracts/workshop.ts';
import { ApiFailure, rehearsalStatus, rehearse, setPrewarmSize } from './workshop-api.ts';
import { confirmAction } from './workshop-confirm.ts';
import { rehearsalFigures, rehearsalProgressText, rehearsalVerdictText } from './workshop-rehearse-text.ts';

const POLL_MS = 500;

export function wireRehearse(root: HTMLElement, workshop: string, capacity: number): void {
  const form = root.querySelector<HTMLFormElement>('[data-rehearse-form]')!;
  const input = form.elements.namedItem('learners') as HTMLInputElement;
  const button = form.querySelector<HTMLButtonElement>('button')!;
  const progress = root.querySelector<HTMLElement>('[data-rehearse-progress]')!;
  const resultBox = root.querySelector<HTMLElement>('[data-rehearse-result]')!;
  input.max = String(MAX_REHEARSAL_LEARNERS);
  input.value = String(Math.min(Math.max(1, capacity), MAX_REHEARSAL_LEARNERS));

  const say = (text: string, kind: 'ok' | 'error' = 'ok') => {
    progress.textContent = text;
    progress.dataset['kind'] = kind;
  };
  const show = (r: RehearsalResult) => {
    const verdict = resultBox.querySelector<HTMLElement>('[data-rehearse-verdict]')!;
    verdict.textContent = rehearsalVerdictText(r);
    verdict.dataset['holds'] = String(r.verdict.holds);
    resultBox.querySelector('[data-rehearse-figures]')!.replaceChildren(
      ...rehearsalFigures(r).flatMap(([label, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }),
    );
    resultBox.querySelector('[data-rehearse-reasons]')!.replaceChildren(
      ...r.verdict.reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })),
    );
    resultBox.querySelector('[data-rehearse-advice]')!.textContent = r.verdict.advice;
    poolSize = Math.min(r.verdict.poolSize, capacity);
    apply.textContent = `Pre-warm ${poolSize} sandboxes for this workshop`;
    apply.disabled = false;
    // Nothing to pre-warm: the verdict's advice says so, and a button to pre-warm 0 would only confuse.
    apply.hidden = poolSize === 0;
    resultBox.hidden = false;
  };
  // The rehearsal's pool size, as this workshop's pre-warm (at most its places).
  const apply = resultBox.querySelector<HTMLButtonElement>('[data-rehearse-apply]')!;
  let poolSize = 0;
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    try {
      const set = await setPrewarmSize(workshop, poolSize);
      say(`Pre-warm set to ${set.sandboxes} sandboxes: they start from 15 minutes before the start, or at once with Pre-warm now.`);
    } catch (err) {
      say(err instanceof ApiFailure ? err.message : 'The pre-warm could not be set. Try again.', 'error');
    } finally {
      apply.disabled = false;
    }
  });

  /**
   * Reads the status and says the progress until `over` says stop; with `untilStopped`, also once it is no longer
   * running (while our own POST is under way, a first answer may come before the server has started it).
   */
  const follow = async (over: () => boolean, untilStopped: boolean): Promise<RehearsalStatus | undefined> => {
    let last: RehearsalStatus | undefined;
    while (!over()) {
      last = await rehearsalStatus(workshop).catch(() => last);
      if (over()) break;
      if (last?.state === 'running') say(rehearsalProgressText(last));
      else if (last && untilStopped) return last;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return last;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const learners = Number(input.value);
    if (!Number.isInteger(learners) || learners < 1 || learners > MAX_REHEARSAL_LEARNERS) {
      say(`Write a whole number of learners from 1 to ${MAX_REHEARSAL_LEARNERS}.`, 'error');
      return input.focus();
    }
    const ok = await confirmAction({
      title: `Rehearse the start with ${learners} learners?`,
      text: `This loads the host as the class will: ${learners} simulated learners get a sandbox for the first lesson within one second and type a few commands. It stops if a real learner has to wait, and removes every rehearsal sandbox when it is over.`,
      ok: 'Rehearse',
    });
    if (!ok) return;
    button.disabled = true;
    resultBox.hidden = true;
    say(`Rehearsing with ${learners} learners…`);
    let done = false;
    const following = follow(() => done, false);
    try {
      const result = await rehearse(workshop, learners);
      done = true;
      await following;
      say(result.stopped ? `The rehearsal stopped early: ${result.stopped}.` : 'The rehearsal is over.');
      show(result);
    } catch (err) {
      done = true;
      await following;
      say(err instanceof ApiFailure ? err.message : 'The rehearsal could not run. Try again.', 'error');
    } finally {
      button.disabled = false;
    }
  });

  // Opened while one runs, or after one of this workshop: follow it, or show its figures.
  void (async () => {
    const now = await rehearsalStatus(workshop).catch(() => undefined);
    if (now?.state === 'running') {
      button.disabled = true;
      const last = await follow(() => false, true);
      button.disabled = false;
      if (last?.result?.workshop === workshop) {
        say('The rehearsal is over.');
        show(last.result);
      } else say('');
    } else if (now?.result?.workshop === workshop) show(now.result);
  })();
}
