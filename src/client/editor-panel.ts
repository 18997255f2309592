/**
 * The editor panel, loaded only when a learner opens it (editor-loader.ts): a tree of their home, one file open in
 * CodeMirror (editor-code.ts), Save (or Ctrl-S). A save carries the version the file was read at; when the file
 * changed in the sandbox meanwhile the server answers 409 and the panel asks: reload theirs, or keep mine and
 * overwrite. Nothing is ever overwritten without that choice.
 */
import type { FileEntry } from '../../server/contracts/files.ts';
import { EDITOR_SAVE_EVENT, type EditorSaveDetail } from './editor-events.ts';
import { ABSENT_VERSION, FileFailure, listFolder, readFile, writeFile, type Where } from './editor-api.ts';
import { makeCodeEditor, type CodeEditor } from './editor-code.ts';
import { languageOf } from './editor-language.ts';
import { PANEL_CSS } from './editor-style.ts';

interface Open {
  path: string;
  version: string;
  saved: string;
}

class EditorPanel {
  readonly root: HTMLElement;
  private readonly where: Where;
  private readonly code: CodeEditor;
  private open: Open | undefined;
  private readonly pathLabel: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly conflict: HTMLElement;
  private readonly tree: HTMLElement;

  constructor(where: Where) {
    this.where = where;
    this.root = document.createElement('section');
    this.root.className = 'editor-panel';
    this.root.dataset['node'] = where.node ?? '';
    this.root.setAttribute('aria-label', where.node ? `Editor: files of ${where.node}` : 'Editor: your files');
    this.root.innerHTML = `
      <div class="editor-bar">
        <strong class="editor-path">No file open</strong>
        <button type="button" class="editor-save" disabled>Save</button>
        <button type="button" class="editor-refresh">Refresh files</button>
        <button type="button" class="editor-close">Close editor</button>
      </div>
      <p class="editor-status" role="status"></p>
      <div class="editor-conflict" role="alert" hidden>
        <p class="editor-conflict-text"></p>
        <button type="button" data-choice="reload">Reload from the sandbox</button>
        <button type="button" data-choice="overwrite">Keep mine and overwrite</button>
      </div>
      <div class="editor-body">
        <nav class="editor-tree" aria-label="Files in your home folder"></nav>
        <div class="editor-code"></div>
      </div>`;
    const q = <T extends HTMLElement>(s: string) => this.root.querySelector<T>(s)!;
    this.pathLabel = q('.editor-path');
    this.saveButton = q<HTMLButtonElement>('.editor-save');
    this.status = q('.editor-status');
    this.conflict = q('.editor-conflict');
    this.tree = q('.editor-tree');
    this.code = makeCodeEditor(q('.editor-code'), () => this.changed(), () => void this.save());
    this.saveButton.addEventListener('click', () => void this.save());
    q('.editor-refresh').addEventListener('click', () => void this.showTree());
    q('.editor-close').addEventListener('click', () => {
      if (this.dirty() && !window.confirm('Close the editor? Your unsaved changes will be lost.')) return;
      this.root.remove();
      panels.delete(where.node ?? '');
    });
    this.conflict.addEventListener('click', (e) => {
      const choice = (e.target as Element).closest<HTMLElement>('[data-choice]')?.dataset['choice'];
      if (choice === 'reload') void this.reload();
      if (choice === 'overwrite') void this.overwrite();
    });
  }

  private dirty(): boolean {
    return this.open !== undefined && this.code.text() !== this.open.saved;
  }

  private changed(): void {
    this.saveButton.disabled = !this.dirty();
    if (this.open) this.pathLabel.textContent = `${this.open.path}${this.dirty() ? ' (not saved)' : ''}`;
  }

  private say(text: string, kind: 'ok' | 'error' = 'ok'): void {
    this.status.textContent = text;
    this.status.dataset['kind'] = kind;
  }

  async showTree(): Promise<void> {
    this.tree.replaceChildren(await this.folder('~', 0));
  }

  /** One level of a folder; a folder's children load when it is opened. */
  private async folder(path: string, depth: number): Promise<HTMLElement> {
    const list = document.createElement('ul');
    try {
      const listing = await listFolder(this.where, path);
      for (const entry of listing.entries) list.append(this.item(`${listing.path}/${entry.name}`, entry, depth));
      if (listing.more > 0) list.append(Object.assign(document.createElement('li'), { textContent: `… and ${listing.more} more (use the terminal)` }));
      if (listing.entries.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'editor-empty', textContent: '(empty)' }));
    } catch (err) {
      list.append(Object.assign(document.createElement('li'), { className: 'editor-empty', textContent: (err as Error).message }));
    }
    return list;
  }

  private item(path: string, entry: FileEntry, depth: number): HTMLElement {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset['path'] = path;
    const isDir = entry.type === 'dir';
    button.textContent = `${isDir ? '▸ ' : ''}${entry.name}${entry.type === 'link' ? ' →' : ''}`;
    if (isDir) button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', async () => {
      if (!isDir) return void this.openFile(path);
      const expanded = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!expanded));
      button.textContent = `${expanded ? '▸' : '▾'} ${entry.name}`;
      if (expanded) li.querySelector('ul')?.remove();
      else li.append(await this.folder(path, depth + 1));
    });
    li.append(button);
    return li;
  }

  async openFile(path: string): Promise<void> {
    if (this.dirty() && !window.confirm(`Open ${path}? Your unsaved changes to ${this.open!.path} will be lost.`)) return;
    this.conflict.hidden = true;
    try {
      const file = await readFile(this.where, path);
      await this.show(file.path, file.content, file.version);
      this.say(file.version === ABSENT_VERSION ? `${file.path} does not exist yet: Save creates it.` : `Opened ${file.path}.`);
      this.code.focus();
    } catch (err) {
      this.say((err as Error).message, 'error');
    }
  }

  private async show(path: string, content: string, version: string): Promise<void> {
    this.open = { path, version, saved: content };
    await this.code.load(content, languageOf(path, content.slice(0, 200).split('\n')[0]), `Contents of ${path}`);
    this.changed();
  }

  /** For `<Run save>`: true when there was nothing to save or the save went through. */
  async saveIfChanged(): Promise<boolean> {
    if (!this.dirty()) return true;
    return this.save();
  }

  async save(version = this.open?.version): Promise<boolean> {
    if (!this.open || version === undefined) return false;
    const content = this.code.text();
    this.saveButton.disabled = true;
    try {
      const written = await writeFile(this.where, this.open.path, content, version);
      this.open = { path: written.path, version: written.version, saved: content };
      this.conflict.hidden = true;
      this.say(`Saved ${written.path}.`);
      this.changed();
      return true;
    } catch (err) {
      if (err instanceof FileFailure && err.code === 'file_changed') {
        this.conflict.querySelector('.editor-conflict-text')!.textContent = err.message;
        this.conflict.hidden = false;
        this.say('Not saved: the file changed in your sandbox.', 'error');
      } else this.say((err as Error).message, 'error');
    }
    this.changed();
    return false;
  }

  private async reload(): Promise<void> {
    if (!this.open) return;
    const path = this.open.path;
    this.open = undefined;
    await this.openFile(path);
  }

  /** Keep mine: read the file's version now, and save over it with that (a further change asks again). */
  private async overwrite(): Promise<void> {
    if (!this.open) return;
    try {
      const now = await readFile(this.where, this.open.path);
      await this.save(now.version);
    } catch (err) {
      this.say((err as Error).message, 'error');
    }
  }
}

const panels = new Map<string, EditorPanel>();
document.addEventListener(EDITOR_SAVE_EVENT, (event) => {
  const { saving } = (event as CustomEvent<EditorSaveDetail>).detail;
  for (const panel of panels.values()) saving.push(panel.saveIfChanged());
});

/** Open (or find) the panel for the button's machine, and the file it names if any. */
export async function openEditor(button: HTMLElement): Promise<void> {
  const lesson = document.querySelector<HTMLElement>('main[data-lesson]')?.dataset['lesson'];
  if (!lesson) return;
  const node = button.dataset['node'] || undefined;
  let panel = panels.get(node ?? '');
  if (!panel) {
    if (!document.getElementById('boxlab-editor-style')) document.head.append(Object.assign(document.createElement('style'), { id: 'boxlab-editor-style', textContent: PANEL_CSS }));
    panel = new EditorPanel({ lesson, node });
    panels.set(node ?? '', panel);
    const aside = node ? undefined : document.querySelector('.lesson-terminal');
    if (aside) aside.append(panel.root);
    else (button.closest('.editor-open-block') ?? button).after(panel.root);
    void panel.showTree();
  }
  const path = button.dataset['path'];
  if (path) await panel.openFile(path);
  else panel.root.scrollIntoView({ block: 'nearest' });
}
