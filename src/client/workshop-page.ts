/**
 * One workshop's page (src/pages/instructor/workshop/index.astro): signs in, then follows the grid's server-sent
 * events (`event: grid`), re-reading nothing: every grid the server pushes updates the table, the actions and the
 * pre-warm line in place.
 */
import type { WorkshopGrid } from '../../server/contracts/workshop.ts';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { learnerActions, wireWorkshopActions, type Say } from './workshop-actions.ts';
import { showAttempts } from './workshop-attempts.ts';
import { ApiFailure, workshopSummary } from './workshop-api.ts';
import { gridSorts, type GridSort } from './workshop-grid-order.ts';
import { GridView } from './workshop-grid-view.ts';
import { badge } from './workshop-badge.ts';
import { fillShare } from './workshop-share.ts';
import { wireRehearse } from './workshop-rehearse.ts';
import { requireInstructor } from './workshop-signin.ts';
import { dateTime } from './workshop-time.ts';
import { watchLearner } from './workshop-watch.ts';
import { withBase } from '../lib/base-path.ts';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

function pageError(message: string): void {
  const error = $('[data-page-error]');
  error.textContent = message;
  error.hidden = false;
  $('[data-loading]').hidden = true;
}

async function start(id: string): Promise<void> {
  await requireInstructor();
  const summary = await workshopSummary(id);
  $('[data-workshop]').hidden = false;
  fillShare($('[data-share]'), summary);

  const status = $('[data-actions-status]');
  const say: Say = (text, kind = 'ok') => {
    status.textContent = text;
    status.dataset['kind'] = kind;
  };
  const actions = wireWorkshopActions($('[data-actions]'), id, say);
  const forLearner = learnerActions(id, say);
  wireRehearse($('[data-rehearse]'), id, summary.capacity);
  let latest: WorkshopGrid | undefined;
  const view = new GridView($<HTMLTableElement>('[data-grid]'), $('[data-grid-empty]'), $('[data-grid-count]'), {
    watch: (row) => watchLearner(id, row),
    attempts: (row) => void showAttempts(id, row, latest?.columns ?? []),
    reset: (row) => void forLearner.reset(row),
    extend: (row) => void forLearner.extend(row),
  });

  const filter = $<HTMLInputElement>('[data-grid-filter]');
  const flagged = $<HTMLInputElement>('[data-grid-flagged]');
  const sort = $<HTMLSelectElement>('[data-grid-sort]');
  const reorder = () => {
    view.filter = { text: filter.value, flaggedOnly: flagged.checked };
    view.sort = (gridSorts as readonly string[]).includes(sort.value) ? (sort.value as GridSort) : 'name';
    view.arrange();
  };
  filter.addEventListener('input', reorder);
  flagged.addEventListener('change', reorder);
  sort.addEventListener('change', reorder);
  setInterval(() => view.tick(), 1000);

  const showHeader = (g: WorkshopGrid) => {
    $('[data-workshop-title]').textContent = g.workshop.title;
    document.title = `${g.workshop.title} · Boxlab`;
    $('[data-workshop-state]').replaceChildren(badge(g.workshop.state));
    $('[data-when]').textContent = `${dateTime(g.workshop.startsAt)} to ${dateTime(g.workshop.endsAt)} · ${g.workshop.members} of ${g.workshop.capacity} places taken${g.workshop.hasPassword ? ' · with a password' : ''}`;
  };

  const live = $('[data-grid-live]');
  const events = new EventSource(withBase(workshopUrls.gridEvents(id)));
  events.addEventListener('grid', (e) => {
    const grid = JSON.parse((e as MessageEvent<string>).data) as WorkshopGrid;
    latest = grid;
    showHeader(grid);
    actions.show(grid);
    view.update(grid);
    live.dataset['live'] = 'true';
    live.textContent = `Live, updated ${new Date().toLocaleTimeString()}`;
  });
  events.addEventListener('error', () => {
    live.dataset['live'] = 'false';
    // Closed for good: the server refused (signed out, workshop gone); otherwise the browser reconnects by itself.
    live.textContent = events.readyState === EventSource.CLOSED ? 'Not live: reload the page (you may have to sign in again).' : 'Reconnecting…';
  });
}

const id = new URLSearchParams(location.search).get('id');
if (!id) pageError('No workshop is named in this address. Open one from the list of workshops.');
else {
  start(id).catch((err: unknown) => pageError(err instanceof ApiFailure ? err.message : 'This page could not be loaded. Reload to try again.'));
}
