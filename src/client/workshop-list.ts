/** The table of workshops (WorkshopList.astro): each links to its live grid. */
import type { WorkshopSummary } from '../../server/contracts/workshop.ts';
import { badge } from './workshop-badge.ts';
import { dateTime } from './workshop-time.ts';
import { spacedCode } from './workshop-share.ts';
import { withBase } from '../lib/base-path.ts';

export const workshopPagePath = (id: string): string => withBase(`/instructor/workshop/?id=${encodeURIComponent(id)}`);


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
      tr.append(cell(link), cell(code), cell(badge(w.state)), cell(`${w.members} / ${w.capacity}`), cell(dateTime(w.startsAt)), cell(dateTime(w.endsAt)));
      return tr;
    });
  table.tBodies[0]!.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  empty.hidden = rows.length > 0;
}
