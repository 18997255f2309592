/**
 * On every learner page: is this learner in a workshop? One small GET; only when they are is the banner's code
 * loaded (workshop-banner.ts), so pages outside workshops carry nothing more.
 */
import type { LearnerWorkshopView } from '../../server/contracts/workshop.ts';

/** An ended workshop is still shown this long after its end (a learner who reloads is told); then no more. */
const ENDED_SHOWN_MS = 60 * 60_000;

const banner = document.querySelector<HTMLElement>('[data-workshop-banner]');
// The URL is written into the banner at build time (WorkshopBanner.astro), so this module imports no schemas.
const url = banner?.dataset['workshopBanner'];
if (banner && url) {
  void fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? (res.json() as Promise<{ workshop: LearnerWorkshopView | null }>) : undefined))
    .then(async (answer) => {
      const view = answer?.workshop;
      if (!view || (view.state === 'ended' && Date.now() - view.endsAt > ENDED_SHOWN_MS)) return;
      const { showWorkshopBanner } = await import('./workshop-banner.ts');
      showWorkshopBanner(banner, view);
    })
    .catch(() => undefined);
}
