/**
 * The grid's table (WorkshopGrid.astro), kept in step with each grid the server sends: rows are kept per learner
 * and updated in place, so a button the instructor is on keeps its focus; the time on the current exercise ticks
 * between grids; sort and filter apply at once.
 */
import { cellKey, type GridColumn, type GridRow, type WorkshopGrid } from '../../server/contracts/workshop.ts';
import { orderRows, passedCount, type GridFilter, type GridSort } from './workshop-grid-order.ts';
import { lessonTitle } from './workshop-lessons.ts';
import { badge } from './workshop-badge.ts';
import { clockTime, formatDuration } from './workshop-time.ts';

/** What the instructor can do for one learner; the page wires them to dialogs and requests. */
export interface LearnerActions {
  watch(row: GridRow): void;
  attempts(row: GridRow): void;
  reset(row: GridRow): void;
  extend(row: GridRow): void;
}

interface RowView {
  row: GridRow;
  tr: HTMLTableRowElement;
  name: HTMLElement;
  now: HTMLTableCellElement;
  time: HTMLTableCellElement;
  state: HTMLTableCellElement;
  passed: HTMLTableCellElement;
  cells: Map<string, HTMLTableCellElement>;
  buttons: HTMLButtonElement[];
  watch: HTMLButtonElement;
}

const SANDBOX_TEXT: Record<GridRow['sandbox'], string> = { none: 'no sandbox', starting: 'starting', running: 'sandbox running', stopped: 'stopped' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}
const hidden = (text: string) => el('span', text, 'visually-hidden');

export class GridView {
  sort: GridSort = 'name';
  filter: GridFilter = { text: '', flaggedOnly: false };
  private readonly table: HTMLTableElement;
  private readonly empty: HTMLElement;
  private readonly count: HTMLElement;
  private readonly actions: LearnerActions;
  private grid: WorkshopGrid | undefined;
  /** Local clock minus the server's, when the last grid came: times tick from the server's `since`. */
  private offset = 0;
  private columnsKey = '';
  private summary = new Map<string, HTMLTableCellElement>();
  private readonly rows = new Map<string, RowView>();

  constructor(table: HTMLTableElement, empty: HTMLElement, count: HTMLElement, actions: LearnerActions) {
    this.table = table;
    this.empty = empty;
    this.count = count;
    this.actions = actions;
  }

  update(grid: WorkshopGrid, receivedAt = Date.now()): void {
    this.grid = grid;
    this.offset = receivedAt - grid.at;
    const key = grid.columns.map((c) => cellKey(c.lesson, c.exercise)).join('|');
    if (key !== this.columnsKey) {
      this.columnsKey = key;
      this.renderHead(grid.columns);
      this.rows.forEach((v) => v.tr.remove());
      this.rows.clear();
    }
    for (const c of grid.columns) this.summary.get(cellKey(c.lesson, c.exercise))!.textContent = `${c.passed} of ${grid.rows.length}`;
    const present = new Set<string>();
    for (const row of grid.rows) {
      present.add(row.member);
      const view = this.rows.get(row.member) ?? this.makeRow(row);
      view.row = row;
      this.fillRow(view, grid.columns);
    }
    for (const [member, view] of this.rows) if (!present.has(member)) (view.tr.remove(), this.rows.delete(member));
    this.arrange();
    this.tick();
  }

  /** Apply the sort and filter: rows move only when the order changed, and the focused control keeps its focus. */
  arrange(): void {
    if (!this.grid) return;
    const body = this.table.tBodies[0]!;
    const shown = orderRows(this.grid.rows, this.sort, this.filter).map((r) => this.rows.get(r.member)!.tr);
    const current = [...body.children];
    if (shown.length !== current.length || shown.some((tr, i) => tr !== current[i])) {
      const active = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
      body.replaceChildren(...shown);
      if (active && active.isConnected && document.activeElement !== active) active.focus();
    }
    const rows = this.grid.rows;
    const stuck = rows.filter((r) => r.stuck).length;
    const idle = rows.filter((r) => r.idle).length;
    const filtered = shown.length < rows.length ? ` (${shown.length} shown)` : '';
    this.count.textContent = `${rows.length} ${rows.length === 1 ? 'learner' : 'learners'}${filtered} · ${stuck} stuck · ${idle} idle`;
    this.empty.hidden = rows.length > 0;
    this.table.hidden = rows.length === 0;
  }

  /** The time on the current exercise, every second, without a new grid. */
  tick(): void {
    const serverNow = Date.now() - this.offset;
    for (const v of this.rows.values()) {
      const { since, exercise } = v.row;
      v.time.textContent = since !== undefined && exercise !== undefined ? formatDuration(serverNow - since) : '—';
    }
  }

  private renderHead(columns: GridColumn[]): void {
    // The learner's own columns first, actions included: with many exercises these stay in view, and the exercises
    // scroll sideways under the sticky name.
    const fixed = ['Learner', 'Now on', 'On it for', 'State', 'Passed', 'Actions'];
    const lessons: { lesson: string; span: number }[] = [];
    for (const c of columns) {
      const last = lessons.at(-1);
      if (last?.lesson === c.lesson) last.span++;
      else lessons.push({ lesson: c.lesson, span: 1 });
    }
    const top = el('tr');
    for (const text of fixed) top.append(Object.assign(el('th', text), { scope: 'col', rowSpan: 2 }));
    for (const l of lessons) top.append(Object.assign(el('th', lessonTitle(l.lesson)), { scope: 'colgroup', colSpan: l.span }));
    const second = el('tr');
    for (const c of columns) second.append(Object.assign(el('th', c.title, 'workshop-grid-exercise'), { scope: 'col' }));
    const summary = el('tr', undefined, 'workshop-grid-summary');
    summary.append(Object.assign(el('th', 'Passed by'), { scope: 'row' }), ...fixed.slice(1).map(() => el('td')));
    this.summary = new Map();
    for (const c of columns) {
      const td = el('td', undefined, 'workshop-cell');
      td.dataset['summary'] = cellKey(c.lesson, c.exercise);
      this.summary.set(cellKey(c.lesson, c.exercise), td);
      summary.append(td);
    }
    this.table.tHead!.replaceChildren(top, second, summary);
  }

  private makeRow(row: GridRow): RowView {
    const tr = el('tr');
    tr.dataset['member'] = row.member;
    const name = Object.assign(el('th'), { scope: 'row' });
    const [now, time, state] = [el('td'), el('td', undefined, 'workshop-grid-time'), el('td')];
    const passed = el('td');
    const actionsCell = el('td');
    tr.append(name, now, time, state, passed, actionsCell);
    const cells = new Map<string, HTMLTableCellElement>();
    for (const c of this.grid?.columns ?? []) {
      const td = el('td', undefined, 'workshop-cell');
      td.dataset['key'] = cellKey(c.lesson, c.exercise);
      cells.set(td.dataset['key'], td);
      tr.append(td);
    }
    const box = el('div', undefined, 'workshop-grid-actions');
    // The buttons act on the learner's latest row, not the one they were made with.
    const latest = () => this.rows.get(row.member)?.row ?? row;
    const button = (text: string, label: string, act: (r: GridRow) => void) => {
      const b = el('button', text, 'secondary');
      b.type = 'button';
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => act(latest()));
      return b;
    };
    const watch = button('Watch', `Watch ${row.name}'s terminal`, (r) => this.actions.watch(r));
    const others = [
      button('Checks', `Last checks of ${row.name}`, (r) => this.actions.attempts(r)),
      button('Reset', `Reset ${row.name}'s sandbox`, (r) => this.actions.reset(r)),
      button('Extend', `Extend ${row.name}'s sandbox`, (r) => this.actions.extend(r)),
    ];
    box.append(watch, ...others);
    const view: RowView = { row, tr, name, now, time, state, passed, cells, buttons: [watch, ...others], watch };
    actionsCell.append(box);
    this.rows.set(row.member, view);
    return view;
  }

  private fillRow(v: RowView, columns: GridColumn[]): void {
    const r = v.row;
    v.tr.dataset['stuck'] = String(r.stuck);
    v.tr.dataset['idle'] = String(r.idle);
    v.name.replaceChildren(r.name, el('span', `joined ${clockTime(r.joinedAt)}`, 'workshop-grid-sub'));
    const exercise = columns.find((c) => c.lesson === r.lesson && c.exercise === r.exercise)?.title;
    v.now.replaceChildren(
      r.lesson ? lessonTitle(r.lesson) : 'not started yet',
      el('span', r.lesson ? (exercise ?? 'every exercise passed') : '', 'workshop-grid-sub'),
    );
    const flags: HTMLElement[] = [badge(r.sandbox, SANDBOX_TEXT[r.sandbox])];
    if (r.stuck) flags.push(badge('stuck'));
    if (r.idle) flags.push(badge('idle'));
    v.state.replaceChildren(...flags.flatMap((f, i) => (i ? [' ', f] : [f])));
    for (const c of columns) {
      const key = cellKey(c.lesson, c.exercise);
      const cell = r.cells[key];
      const td = v.cells.get(key)!;
      if (cell?.passed) (td.dataset['cell'] = 'passed'), td.replaceChildren('✓', hidden(' passed'));
      else if (cell && cell.failures > 0) (td.dataset['cell'] = 'failing'), td.replaceChildren(`✗ ${cell.failures}`, hidden(' failed checks'));
      else (td.dataset['cell'] = 'todo'), td.replaceChildren('·', hidden(' not yet'));
    }
    v.passed.textContent = `${passedCount(r)} / ${columns.length}`;
    const ended = this.grid?.workshop.state === 'ended';
    for (const b of v.buttons) b.disabled = ended && b.textContent !== 'Checks';
    v.watch.disabled = ended || r.terminals.length === 0;
    v.watch.title = r.terminals.length === 0 ? 'No terminal open right now' : '';
  }
}
