/**
 * The create form (WorkshopCreateForm.astro): sensible defaults (now, three hours), the lessons from the picker,
 * and the server's sentence when it refuses. Calls back with the new workshop.
 */
import type { CreateWorkshop, WorkshopSummary } from '../../server/contracts/workshop.ts';
import { ApiFailure, createWorkshop } from './workshop-api.ts';
import { lessonPicker } from './workshop-lesson-picker.ts';
import { localInputValue } from './workshop-time.ts';

const DEFAULT_LENGTH_MS = 3 * 60 * 60_000;

export function wireCreateForm(form: HTMLFormElement, created: (w: WorkshopSummary) => void): void {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const error = form.querySelector<HTMLElement>('[role="alert"]')!;
  const picker = lessonPicker(form);
  // Now, to the minute, and three hours later: a class that starts now needs to change nothing.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  field('startsAt').value = localInputValue(now);
  field('endsAt').value = localInputValue(now + DEFAULT_LENGTH_MS);

  const say = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const lessons = picker.lessons();
    const startsAt = new Date(field('startsAt').value).getTime();
    const endsAt = new Date(field('endsAt').value).getTime();
    if (!field('title').value.trim()) return (say('Give the workshop a title.'), field('title').focus());
    if (lessons.length === 0) return say('Choose at least one lesson.');
    if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt)) return say('Set when the workshop starts and ends.');
    const password = field('password').value;
    const input: CreateWorkshop = {
      title: field('title').value,
      lessons,
      capacity: field('capacity').valueAsNumber,
      startsAt,
      endsAt,
      sandboxMinutes: field('sandboxMinutes').valueAsNumber,
      prewarmShare: field('prewarm').valueAsNumber / 100,
      ...(password ? { password } : {}),
    };
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    say(undefined);
    try {
      created(await createWorkshop(input));
    } catch (err) {
      say(err instanceof ApiFailure ? err.message : 'The workshop could not be created. Try again.');
    } finally {
      button.disabled = false;
    }
  });
}
