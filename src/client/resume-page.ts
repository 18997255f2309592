/**
 * The resume page: a resume link fills in the code from its fragment (never sent to the server); the learner
 * presses Continue and this browser becomes them, then goes to the outline. Refusals (malformed, unknown or revoked
 * code, too many tries) are the server's own sentence under the form.
 */
import { ApiFailure, redeemResumeCode } from './resume-api.ts';
import { withBase } from '../lib/base-path.ts';

const form = document.querySelector<HTMLFormElement>('#resume-form');
const error = document.querySelector<HTMLElement>('#resume-error');

function say(message: string | undefined): void {
  if (!error) return;
  error.textContent = message ?? '';
  error.hidden = !message;
}

if (form) {
  const input = form.elements.namedItem('code') as HTMLInputElement;
  const fromLink = () => {
    const code = decodeURIComponent(location.hash.slice(1));
    if (!code) return;
    input.value = code;
    // The code stays out of the history and out of any link copied from the address bar.
    history.replaceState(null, '', location.pathname + location.search);
  };
  fromLink();
  // A resume link opened in a tab that shows this page already only changes the fragment.
  addEventListener('hashchange', fromLink);
  input.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return (say('Type your resume code.'), input.focus());
    say(undefined);
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    try {
      await redeemResumeCode({ code: input.value });
      location.assign(withBase('/'));
    } catch (err) {
      say(err instanceof ApiFailure ? err.message : 'Resuming failed. Try again.');
      button.disabled = false;
      input.focus();
    }
  });
}
