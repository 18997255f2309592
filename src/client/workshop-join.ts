/**
 * The join page: the code from a join link is filled in, the form posts it, and the learner goes to the workshop's
 * first lesson. Every refusal (no such code, full, ended, wrong password, too many tries, a name not allowed) is
 * the server's own sentence under the form, and the button is usable again at once.
 */
import { ApiFailure, joinWorkshop, lessonPath } from './workshop-api.ts';

const form = document.querySelector<HTMLFormElement>('#join-form');
const error = document.querySelector<HTMLElement>('#join-error');

function say(message: string | undefined): void {
  if (!error) return;
  error.textContent = message ?? '';
  error.hidden = !message;
}

if (form) {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const code = new URLSearchParams(location.search).get('code');
  if (code) {
    field('code').value = code;
    field('name').focus();
  } else field('code').focus();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    const input = { code: field('code').value, name: field('name').value, password: field('password').value };
    if (!input.code.trim()) return (say('Type the workshop code your instructor shows.'), field('code').focus());
    if (!input.name.trim()) return (say('Type the name your instructor will see.'), field('name').focus());
    say(undefined);
    button.disabled = true;
    button.textContent = 'Joining…';
    try {
      const joined = await joinWorkshop({ code: input.code, name: input.name, ...(input.password ? { password: input.password } : {}) });
      location.assign(lessonPath(joined.firstLesson));
    } catch (err) {
      say(err instanceof ApiFailure ? err.message : 'Joining failed. Try again.');
      button.disabled = false;
      button.textContent = 'Join';
    }
  });
}
