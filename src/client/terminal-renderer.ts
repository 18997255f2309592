/**
 * The WebGL renderer when the browser can run it, else xterm's DOM renderer. A person (or a test) can
 * insist on the DOM renderer with `localStorage['boxlab:renderer'] = 'dom'`, e.g. for a GPU that draws
 * badly; `data-renderer` on the terminal element says which one is in use.
 */
import type { Terminal } from '@xterm/xterm';

export const RENDERER_KEY = 'boxlab:renderer';

export async function useBestRenderer(term: Terminal, host: HTMLElement): Promise<void> {
  host.dataset['renderer'] = 'dom';
  if (localStorage.getItem(RENDERER_KEY) === 'dom' || !hasWebgl2()) return;
  try {
    // Loaded only here: most of its weight is useless where WebGL is not.
    const { WebglAddon } = await import('@xterm/addon-webgl');
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      // The GPU went away (driver reset, too many contexts): go on drawing with the DOM.
      webgl.dispose();
      host.dataset['renderer'] = 'dom';
    });
    term.loadAddon(webgl);
    host.dataset['renderer'] = 'webgl';
  } catch {
    host.dataset['renderer'] = 'dom';
  }
}

function hasWebgl2(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}
