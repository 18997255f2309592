/**
 * The CodeMirror 6 side of the editor, and its only user: a view with line numbers, undo history, bracket
 * matching and highlighting in the site's light and dark colours; languages are loaded when a file needs one.
 * Tab is left to move focus (no indentWithTab), so the editor never traps the keyboard.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, StreamLanguage, syntaxHighlighting, type LanguageSupport } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { EditorLanguage } from './editor-language.ts';

const colours = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], color: 'light-dark(#8a2be2, #d2a8ff)' },
  { tag: [t.string, t.special(t.string)], color: 'light-dark(#0a6e4f, #7ee787)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'light-dark(#57606a, #9ba7b3)', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'light-dark(#b35900, #ffa657)' },
  { tag: [t.variableName, t.special(t.variableName)], color: 'light-dark(#0550ae, #79c0ff)' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'light-dark(#953800, #ffa657)' },
  { tag: [t.function(t.variableName), t.className, t.typeName], color: 'light-dark(#6639ba, #d2a8ff)' },
  { tag: [t.meta, t.processingInstruction], color: 'light-dark(#57606a, #a5b1bd)' },
]);

const look = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--fg)', fontSize: '0.9rem', height: '100%' },
  '.cm-content': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--sunken)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-scroller': { overflow: 'auto' },
});

async function languageFor(language: EditorLanguage): Promise<Extension> {
  switch (language) {
    case 'dockerfile':
      return StreamLanguage.define((await import('@codemirror/legacy-modes/mode/dockerfile')).dockerFile);
    case 'shell':
      return StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell);
    case 'yaml':
      return ((await import('@codemirror/lang-yaml')).yaml() as LanguageSupport);
    case 'python':
      return (await import('@codemirror/lang-python')).python();
    default:
      return [];
  }
}

export interface CodeEditor {
  /** Replace the text (a file opened or reloaded): the undo history starts again. */
  load(text: string, language: EditorLanguage, label: string): Promise<void>;
  text(): string;
  focus(): void;
}

export function makeCodeEditor(parent: HTMLElement, onChange: () => void, onSave: () => void): CodeEditor {
  const language = new Compartment();
  const extensions = (label: string, lang: Extension): Extension => [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    drawSelection(),
    history(),
    indentOnInput(),
    bracketMatching(),
    syntaxHighlighting(colours),
    look,
    keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (onSave(), true) }, ...defaultKeymap, ...historyKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': label }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange();
    }),
    language.of(lang),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: extensions('No file open', []) }) });
  return {
    async load(text, lang, label) {
      view.setState(EditorState.create({ doc: text, extensions: extensions(label, await languageFor(lang)) }));
    },
    text: () => view.state.doc.toString(),
    focus: () => view.focus(),
  };
}
