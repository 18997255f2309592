/** Ask before an action that cannot be undone (the confirm dialog in WorkshopDialogs.astro). Cancel has the focus. */
export function confirmAction(o: { title: string; text: string; ok: string }): Promise<boolean> {
  const dialog = document.querySelector<HTMLDialogElement>('#confirm-dialog')!;
  dialog.querySelector('[data-confirm-title]')!.textContent = o.title;
  dialog.querySelector('[data-confirm-text]')!.textContent = o.text;
  dialog.querySelector('[data-confirm-ok]')!.textContent = o.ok;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
