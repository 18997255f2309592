/**
 * "Your progress" on the outline: make a resume code (shown once, with its link, each copyable; making a new one
 * revokes the old), and delete everything kept about this learner after a confirm step. Refusals are the server's
 * own sentence under the panel.
 */
import { ApiFailure, deleteMyData, makeResumeCode, resumeLink, resumeStatus } from './resume-api.ts';

const panel = document.querySelector<HTMLElement>('[data-travel]');

function describe(createdAt: number | null): string {
  if (createdAt === null) return 'This browser has no resume code yet.';
  return `You made a resume code on ${new Date(createdAt).toLocaleString()}. It is shown only once; if you lost it, make a new one.`;
}

if (panel) {
  const $ = <T extends HTMLElement>(sel: string) => panel.querySelector<T>(sel)!;
  const status = $('[data-travel-status]');
  const make = $<HTMLButtonElement>('[data-travel-make]');
  const shown = $('[data-travel-shown]');
  const code = $('[data-travel-code]');
  const link = $<HTMLAnchorElement>('[data-travel-link]');
  const error = $('[data-travel-error]');
  const said = $('[data-travel-said]');
  const dialog = $<HTMLDialogElement>('[data-delete-dialog]');
  const say = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };
  const failed = (err: unknown, what: string) => say(err instanceof ApiFailure ? err.message : `${what} failed. Try again.`);
  const labelFor = (createdAt: number | null) => (make.textContent = createdAt === null ? 'Make a resume code' : 'Make a new code (the old one stops working)');

  resumeStatus().then(
    (s) => {
      status.textContent = describe(s.createdAt);
      labelFor(s.createdAt);
    },
    (err: unknown) => failed(err, 'Reading your resume code'),
  );

  make.addEventListener('click', async () => {
    say(undefined);
    make.disabled = true;
    try {
      const made = await makeResumeCode();
      code.textContent = made.code;
      link.href = link.textContent = resumeLink(made.code);
      shown.hidden = false;
      status.textContent = describe(made.createdAt);
      labelFor(made.createdAt);
    } catch (err) {
      failed(err, 'Making a code');
    } finally {
      make.disabled = false;
    }
  });

  for (const button of panel.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    button.addEventListener('click', async () => {
      const text = button.dataset['copy'] === 'link' ? link.href : code.textContent ?? '';
      try {
        await navigator.clipboard.writeText(text);
        said.textContent = button.dataset['copy'] === 'link' ? 'Link copied.' : 'Code copied.';
      } catch {
        said.textContent = 'Copying is not allowed here: select the text and copy it yourself.';
      }
    });
  }

  $<HTMLButtonElement>('[data-delete-open]').addEventListener('click', () => dialog.showModal());
  $<HTMLButtonElement>('[data-delete-cancel]').addEventListener('click', () => dialog.close());
  const confirm = $<HTMLButtonElement>('[data-delete-confirm]');
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const done = await deleteMyData();
      dialog.close();
      shown.hidden = true;
      status.textContent = `Your data is deleted${done.removedSandboxes ? `, and ${done.removedSandboxes} sandbox${done.removedSandboxes === 1 ? '' : 'es'} removed` : ''}. Reload to start afresh.`;
      panel.dataset['deleted'] = '';
    } catch (err) {
      dialog.close();
      failed(err, 'Deleting your data');
    } finally {
      confirm.disabled = false;
    }
  });
}
