/** The table of workshops (WorkshopList.astro): each links to its live grid. */
import type { WorkshopSummary } from '../../server/contracts/workshop.ts';
import { spacedCode } from './workshop-share.ts';

export const workshopPagePath = (id: string): string => `/instructor/workshop/?id=${encodeURIComponent(id)}`;

const when = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function badge(kind: string, text = kind): HTMLElement {
  const span = document.createElement('span');
  span.className = 'workshop-badge';
  span.dataset['kind'] = kind;
  span.textContent = text;
  return span;
}

export function renderWorkshopList(table: HTMLTableElement, empty: HTMLElement, workshops: WorkshopSummary[]): void {
  const rows = [...workshops]
    .sort((a, b) => b.startsAt - a.startsAt)
    .map((w) => {
      const tr = document.createElement('tr');
      const cell = (content: string | Node) => {
        const td = document.createElement('td');
        td.append(content);
        return td;
      };
      const link = document.createElement('a');
      link.href = workshopPagePath(w.id);
      link.textContent = w.title;
      const code = document.createElement('code');
      code.textContent = spacedCode(w.code);
      tr.append(cell(link), cell(code), cell(badge(w.state)), cell(`${w.members} / ${w.capacity}`), cell(when(w.startsAt)), cell(when(w.endsAt)));
      return tr;
    });
  table.tBodies[0]!.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  empty.hidden = rows.length > 0;
}
