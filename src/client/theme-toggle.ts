/** The header's theme picker (ThemeToggle.astro): shows the remembered choice and applies a new one. */
import { applyChoice, storedChoice, type ThemeChoice } from './theme.ts';

for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-theme-choice]')) {
  select.value = storedChoice();
  select.addEventListener('change', () => applyChoice(select.value as ThemeChoice));
}
