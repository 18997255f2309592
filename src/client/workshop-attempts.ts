/** A learner's last checks, newest first, with what each check said (the attempts endpoint), in a dialog. */
import type { GridColumn, GridRow } from '../../server/contracts/workshop.ts';
import { ApiFailure, attemptsOf } from './workshop-api.ts';
import { badge } from './workshop-badge.ts';
import { clockTime } from './workshop-time.ts';

export async function showAttempts(workshop: string, row: GridRow, columns: GridColumn[]): Promise<void> {
  const dialog = document.querySelector<HTMLDialogElement>('#attempts-dialog')!;
  const list = dialog.querySelector<HTMLElement>('[data-attempts]')!;
  dialog.querySelector('[data-attempts-name]')!.textContent = row.name;
  dialog.querySelector<HTMLButtonElement>('[data-close]')!.onclick = () => dialog.close();
  list.textContent = 'Loading…';
  dialog.showModal();
  try {
    const attempts = await attemptsOf(workshop, row.member);
    if (attempts.length === 0) return void (list.textContent = 'No check yet.');
    const ol = Object.assign(document.createElement('ol'), { className: 'workshop-attempts' });
    for (const a of [...attempts].reverse()) {
      const title = columns.find((c) => c.lesson === a.lesson && c.exercise === a.exercise)?.title ?? a.exercise;
      const li = document.createElement('li');
      const head = document.createElement('strong');
      head.textContent = `${clockTime(a.at)} · ${title} `;
      const output = document.createElement('pre');
      output.textContent = a.output || '(no output)';
      li.append(head, badge(a.status), output);
      ol.append(li);
    }
    list.replaceChildren(ol);
  } catch (err) {
    list.textContent = err instanceof ApiFailure ? err.message : 'The checks could not be loaded.';
  }
}
