/**
 * The only editor code on a lesson page's first load: a click on an "open the editor" button (EditorPane.astro,
 * mdx/Editor.astro) loads the editor itself (CodeMirror, editor-panel.ts) then, and never before.
 */
type Panel = typeof import('./editor-panel.ts');
let loading: Promise<Panel> | undefined;

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLElement>('[data-editor-open]');
  if (!button) return;
  loading ??= import('./editor-panel.ts');
  loading.then((panel) => panel.openEditor(button)).catch(() => {
    loading = undefined;
    button.insertAdjacentText('afterend', ' The editor could not be loaded; reload the page and try again.');
  });
});
