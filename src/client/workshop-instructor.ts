/** The instructor's start page (src/pages/instructor/index.astro): sign in, list, create, then share the new workshop. */
import { ApiFailure, listWorkshops } from './workshop-api.ts';
import { wireCreateForm } from './workshop-create.ts';
import { renderWorkshopList, workshopPagePath } from './workshop-list.ts';
import { fillShare } from './workshop-share.ts';
import { requireInstructor, showSignedIn } from './workshop-signin.ts';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

async function refreshList(): Promise<void> {
  renderWorkshopList($<HTMLTableElement>('[data-workshop-list]'), $('[data-workshop-list-empty]'), await listWorkshops());
}

async function start(): Promise<void> {
  const instructor = await requireInstructor();
  const main = $('[data-instructor]');
  showSignedIn(main, instructor);
  main.hidden = false;
  await refreshList();
  wireCreateForm($<HTMLFormElement>('#create-form'), (w) => {
    const panel = $('[data-created]');
    $('[data-created-title]').textContent = w.title;
    $<HTMLAnchorElement>('[data-created-grid]').href = workshopPagePath(w.id);
    fillShare(panel.querySelector<HTMLElement>('[data-share]')!, w);
    panel.hidden = false;
    panel.focus();
    panel.scrollIntoView({ block: 'start' });
    void refreshList();
  });
}

start().catch((err: unknown) => {
  const error = $('[data-page-error]');
  error.textContent = err instanceof ApiFailure ? err.message : 'This page could not be loaded. Reload to try again.';
  error.hidden = false;
});
