/**
 * The whole class's actions (WorkshopActions.astro) and one learner's (the grid's buttons): each answers with a
 * sentence in the page's status line, the server's own when it refuses. What cannot be undone is confirmed first.
 */
import type { GridRow, WorkshopGrid } from '../../server/contracts/workshop.ts';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { ApiFailure, broadcast, endWorkshop, extendSandboxes, prewarmNow, resetMember } from './workshop-api.ts';
import { confirmAction } from './workshop-confirm.ts';
import { withBase } from '../lib/base-path.ts';

export type Say = (text: string, kind?: 'ok' | 'error') => void;

const plural = (n: number, one: string, many = `${one}es`) => `${n} ${n === 1 ? one : many}`;

/**
 * Runs `act`, says what it did or why it could not, and keeps its button disabled meanwhile (and after, when the
 * workshop ended meanwhile).
 */
async function attempt(button: HTMLButtonElement | undefined, say: Say, act: () => Promise<string>, usable = () => true): Promise<void> {
  if (button) button.disabled = true;
  try {
    say(await act());
  } catch (err) {
    say(err instanceof ApiFailure ? err.message : 'That did not work. Try again.', 'error');
  } finally {
    if (button) button.disabled = !usable();
  }
}

export const prewarmText = (p: WorkshopGrid['prewarm']): string =>
  `Pre-warm: ${p.wanted} wanted, ${p.ready} ready (this host can hold up to ${p.hostCanHold} ready).`;

export interface WorkshopActions {
  /** Follow the latest grid: the pre-warm line, and every action off once the workshop has ended. */
  show(grid: WorkshopGrid): void;
}

export function wireWorkshopActions(root: HTMLElement, workshop: string, say: Say): WorkshopActions {
  const button = (action: string) => root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  const prewarm = root.querySelector<HTMLElement>('[data-prewarm]')!;
  const form = root.querySelector<HTMLFormElement>('[data-broadcast]')!;
  const text = form.elements.namedItem('text') as HTMLTextAreaElement;
  let title = '';
  let ended = false;
  const usable = () => !ended;
  root.querySelector<HTMLAnchorElement>('[data-export="csv"]')!.href = withBase(workshopUrls.exportCsv(workshop));
  root.querySelector<HTMLAnchorElement>('[data-export="json"]')!.href = withBase(workshopUrls.exportJson(workshop));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value.trim()) return (say('Write the message first.', 'error'), text.focus());
    void attempt(form.querySelector('button') ?? undefined, say, async () => {
      await broadcast(workshop, text.value);
      text.value = '';
      return 'Sent to every learner.';
    }, usable);
  });
  button('extend-all').addEventListener('click', (e) =>
    attempt(e.currentTarget as HTMLButtonElement, say, async () => `Extended ${plural(await extendSandboxes(workshop), 'sandbox')}.`, usable),
  );
  button('prewarm').addEventListener('click', (e) =>
    attempt(e.currentTarget as HTMLButtonElement, say, async () => {
      const status = await prewarmNow(workshop);
      prewarm.textContent = prewarmText(status);
      return 'Pre-warm asked: sandboxes start in the background, within what this host can hold.';
    }, usable),
  );
  button('end').addEventListener('click', async () => {
    const ok = await confirmAction({
      title: `End “${title}” now?`,
      text: 'Every learner’s sandbox is removed and they are told. Results stay for export. This cannot be undone.',
      ok: 'End the workshop',
    });
    if (!ok) return;
    await attempt(button('end'), say, async () => {
      const removed = await endWorkshop(workshop);
      ended = true;
      return `The workshop has ended: ${plural(removed, 'sandbox')} removed.`;
    }, usable);
  });

  return {
    show(grid) {
      title = grid.workshop.title;
      prewarm.textContent = prewarmText(grid.prewarm);
      ended ||= grid.workshop.state === 'ended';
      for (const b of root.querySelectorAll<HTMLButtonElement>('button')) if (ended) b.disabled = true;
      text.disabled = ended;
    },
  };
}

/** One learner's Reset (confirmed) and Extend. */
export function learnerActions(workshop: string, say: Say) {
  return {
    reset: async (row: GridRow) => {
      const ok = await confirmAction({
        title: `Reset ${row.name}'s sandbox?`,
        text: 'Their sandboxes for this workshop’s lessons are removed, with their files; their next page load starts fresh ones. Their passed exercises stay.',
        ok: 'Reset the sandbox',
      });
      if (ok) await attempt(undefined, say, async () => `${row.name}: ${plural(await resetMember(workshop, row.member), 'sandbox')} removed.`);
    },
    extend: (row: GridRow) => attempt(undefined, say, async () => `${row.name}: ${plural(await extendSandboxes(workshop, row.member), 'sandbox')} extended.`),
  };
}
