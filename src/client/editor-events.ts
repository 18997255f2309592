/**
 * `<Run save>` asks the editor to save before it types, through one DOM event, so Run needs no editor code: an
 * editor that is open adds a promise per panel (true: saved or nothing to save); none open, nothing to wait for.
 */
export const EDITOR_SAVE_EVENT = 'boxlab:editor-save';

export interface EditorSaveDetail {
  saving: Promise<boolean>[];
}

/** Save what the open editors hold; false when a save failed or met a conflict (the editor shows which). */
export async function saveOpenEditors(): Promise<boolean> {
  const detail: EditorSaveDetail = { saving: [] };
  document.dispatchEvent(new CustomEvent<EditorSaveDetail>(EDITOR_SAVE_EVENT, { detail }));
  return (await Promise.all(detail.saving)).every(Boolean);
}
