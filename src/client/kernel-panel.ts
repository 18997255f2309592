/**
 * <boxlab-kernel-panel>: a button that opens, below the page's terminal, what the kernel sees of the learner's
 * sandbox — its cgroup's memory, CPU and processes against their limits, and its namespaces beside the host's —
 * live while open (the terminal's connection asks for `kernel` frames; nothing is read while it is closed).
 */
import { KERNEL_FIGURES_EVENT, KERNEL_WATCH_EVENT, type KernelFigures, type KernelWatchDetail } from './kernel-events.ts';
import { cpuGauge, memoryGauge, pidsGauge, type Gauge } from './kernel-format.ts';

class KernelPanelElement extends HTMLElement {
  private terminal: HTMLElement | null = null;
  /** Moved out of this element (below the terminal) when opened. */
  private panel: HTMLElement | null = null;
  private readonly onFigures = (e: Event) => this.show((e as CustomEvent<KernelFigures>).detail);

  connectedCallback(): void {
    const open = this.querySelector<HTMLButtonElement>('.kernel-open');
    const panel = this.querySelector<HTMLElement>('.kernel-panel');
    if (!open || !panel) return;
    this.panel = panel;
    open.addEventListener('click', () => this.toggle(open, panel, panel.hidden === true));
    panel.querySelector('.kernel-close')?.addEventListener('click', () => {
      this.toggle(open, panel, false);
      open.focus();
    });
  }

  private toggle(open: HTMLButtonElement, panel: HTMLElement, on: boolean): void {
    this.terminal ??= document.querySelector<HTMLElement>('boxlab-terminal');
    const terminal = this.terminal;
    if (!terminal) return;
    // Below the terminal, where the figures are read beside what the learner types.
    if (on && panel.previousElementSibling !== terminal) terminal.after(panel);
    panel.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
    open.textContent = on ? 'Hide what the kernel sees' : 'Show what the kernel sees of you';
    // Kept on the element too: a terminal still loading asks once it is mounted (terminal-view.ts).
    if (on) terminal.dataset['kernel'] = 'on';
    else delete terminal.dataset['kernel'];
    if (on) terminal.addEventListener(KERNEL_FIGURES_EVENT, this.onFigures);
    else terminal.removeEventListener(KERNEL_FIGURES_EVENT, this.onFigures);
    terminal.dispatchEvent(new CustomEvent<KernelWatchDetail>(KERNEL_WATCH_EVENT, { detail: { on } }));
  }

  private show(f: KernelFigures): void {
    const panel = this.panel;
    if (!panel) return;
    gauge(panel, 'memory', memoryGauge(f));
    gauge(panel, 'cpu', cpuGauge(f));
    gauge(panel, 'pids', pidsGauge(f));
    if (f.unavailable) setText(panel.querySelector('.kernel-ns-note'), f.unavailable);
    if (f.namespaces) {
      const body = panel.querySelector('.kernel-ns tbody');
      if (!body) return;
      body.replaceChildren(
        ...f.namespaces.map((ns) => {
          const row = document.createElement('tr');
          row.dataset['private'] = String(ns.private);
          for (const text of [ns.type, String(ns.inode), ns.private ? 'its own' : 'the host’s']) {
            const cell = document.createElement('td');
            cell.textContent = text;
            row.append(cell);
          }
          return row;
        }),
      );
      const host = f.namespacesComparedWith === 'server' ? 'the host’s (those the Boxlab server runs in)' : 'the host’s (its PID 1’s)';
      setText(panel.querySelector('.kernel-ns-note'), `${f.namespaces.filter((n) => n.private).length} of ${f.namespaces.length} namespaces are your sandbox’s own; the others are ${host}.`);
    }
  }
}

function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

function gauge(panel: HTMLElement, kind: string, g: Gauge): void {
  const row = panel.querySelector<HTMLElement>(`[data-kind="${kind}"]`);
  if (!row) return;
  const meter = row.querySelector<HTMLMeterElement>('meter');
  if (meter) {
    meter.hidden = g.max === undefined;
    if (g.max !== undefined) {
      meter.max = g.max;
      meter.high = g.max * 0.8;
      meter.value = g.value;
    }
  }
  setText(row.querySelector('.kernel-figure'), g.text);
  row.dataset['value'] = String(g.value);
}

if (!customElements.get('boxlab-kernel-panel')) customElements.define('boxlab-kernel-panel', KernelPanelElement);
