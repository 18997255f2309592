/** A small coloured label (a workshop's state, a sandbox's, stuck or idle, a check's status); its look is keyed by `kind`. */
export function badge(kind: string, text = kind): HTMLElement {
  const span = document.createElement('span');
  span.className = 'workshop-badge';
  span.dataset['kind'] = kind;
  span.textContent = text;
  return span;
}
