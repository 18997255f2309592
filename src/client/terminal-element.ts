/**
 * <boxlab-terminal>: loads xterm.js only when a terminal is on the page, then connects it.
 */
class BoxlabTerminalElement extends HTMLElement {
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const screen = this.querySelector<HTMLElement>('.terminal-screen');
    const status = this.querySelector<HTMLElement>('.terminal-status');
    const a11yToggle = this.querySelector<HTMLButtonElement>('.terminal-a11y');
    const lesson = this.closest<HTMLElement>('[data-lesson]')?.dataset['lesson'];
    if (!screen || !status) return;
    void import('./terminal-view.ts').then(({ mountTerminal }) =>
      mountTerminal({ screen, status, a11yToggle, extend: this.querySelector('.terminal-extend'), host: this, terminalId: this.dataset['terminal'] ?? 'main', node: this.dataset['node'], lesson }),
    );
  }
}

if (!customElements.get('boxlab-terminal')) customElements.define('boxlab-terminal', BoxlabTerminalElement);
