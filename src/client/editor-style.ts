/** The editor panel's look, added to the page with the panel (not before: a page that never opens it pays nothing). */
export const PANEL_CSS = `
.editor-panel { margin: 0.75rem 0; border: 1px solid var(--line); border-radius: 6px; background: var(--surface); font-size: 0.9rem; }
.editor-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
.editor-path { flex: 1; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; overflow-wrap: anywhere; }
.editor-status { margin: 0; padding: 0 0.6rem; min-height: 1.4em; font-size: 0.85rem; }
.editor-status[data-kind="error"] { color: var(--err-fg); font-weight: 600; }
.editor-conflict { margin: 0.4rem 0.6rem; padding: 0.5rem 0.7rem; background: var(--warn-bg); color: var(--warn-fg); border-left: 4px solid var(--warn-line); }
.editor-conflict p { margin: 0 0 0.4rem; }
.editor-conflict button { margin-right: 0.5rem; }
.editor-body { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; min-height: 18rem; }
.editor-tree { overflow: auto; max-height: 28rem; border-right: 1px solid var(--line); padding: 0.3rem 0; background: var(--sunken); }
.editor-tree ul { list-style: none; margin: 0; padding-left: 0.8rem; }
.editor-tree button { all: unset; cursor: pointer; display: block; padding: 0.1rem 0.3rem; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.82rem; overflow-wrap: anywhere; }
.editor-tree button:hover { text-decoration: underline; }
.editor-tree button:focus-visible { outline: 2px solid var(--focus); }
.editor-empty { color: var(--muted); font-size: 0.8rem; padding: 0.1rem 0.3rem; }
.editor-code { min-width: 0; max-height: 28rem; overflow: hidden; display: flex; flex-direction: column; }
.editor-code .cm-editor { flex: 1; min-height: 18rem; }
@media (max-width: 40rem) { .editor-body { grid-template-columns: 1fr; } .editor-tree { max-height: 10rem; border-right: 0; border-bottom: 1px solid var(--line); } }
`;
