/**
 * The page's colour theme: the learner's choice (remembered in localStorage, set on <html> as data-theme before the
 * first paint by Base.astro's inline script), else the system's preference. No DOM beyond <html> and matchMedia.
 */
export type Theme = 'light' | 'dark';
export type ThemeChoice = Theme | 'system';

/** Also read by the inline script in Base.astro, which cannot import it: keep the two in step. */
export const THEME_KEY = 'boxlab:theme';

const darkQuery = () => matchMedia('(prefers-color-scheme: dark)');

export function storedChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** The theme in force now. */
export function currentTheme(): Theme {
  const set = document.documentElement.dataset['theme'];
  if (set === 'light' || set === 'dark') return set;
  return darkQuery().matches ? 'dark' : 'light';
}

export function applyChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  if (choice === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = choice;
}

/** Calls `changed` with the theme in force whenever it changes (a choice, or the system's); returns the unsubscriber. */
export function onThemeChange(changed: (theme: Theme) => void): () => void {
  let last = currentTheme();
  const check = () => {
    const now = currentTheme();
    if (now !== last) changed((last = now));
  };
  const attributes = new MutationObserver(check);
  attributes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const query = darkQuery();
  query.addEventListener('change', check);
  return () => {
    attributes.disconnect();
    query.removeEventListener('change', check);
  };
}
