/** Fills the share panel (WorkshopShare.astro): the code in two halves easy to read aloud, the join link, its QR code. */
import { joinPagePath, workshopUrls, type WorkshopSummary } from '../../server/contracts/workshop.ts';
import { withBase } from '../lib/base-path.ts';

/** `KT7M4Q` → `KT7-M4Q`: learners may type it either way. */
export const spacedCode = (code: string): string => `${code.slice(0, 3)}-${code.slice(3)}`;

const wired = new WeakSet<HTMLElement>();

export function fillShare(root: HTMLElement, workshop: Pick<WorkshopSummary, 'id' | 'code'>): void {
  const part = <T extends HTMLElement>(name: string) => root.querySelector<T>(`[data-share-${name}]`)!;
  const link = `${location.origin}${withBase(joinPagePath(workshop.code))}`;
  const anchor = part<HTMLAnchorElement>('link');
  anchor.href = link;
  anchor.textContent = link;
  part('code').textContent = spacedCode(workshop.code);
  const qr = part<HTMLImageElement>('qr');
  qr.src = withBase(workshopUrls.qr(workshop.id));
  qr.hidden = false;
  root.dataset['link'] = link;
  if (wired.has(root)) return;
  wired.add(root);
  const status = part('status');
  part('copy').addEventListener('click', () => {
    navigator.clipboard.writeText(root.dataset['link'] ?? '').then(
      () => (status.textContent = 'The join link is copied.'),
      () => (status.textContent = 'Copying is not allowed here: select the link and copy it.'),
    );
  });
  part('fullscreen').addEventListener('click', () => {
    void root.requestFullscreen?.().catch(() => (status.textContent = 'This browser would not show it full screen.'));
  });
}
