// @ts-check
// Expressive Code's options live here, not in astro.config.mjs: its <Code> component needs them serializable, and a
// function (themeCssSelector) is not.
import { defineEcConfig } from 'astro-expressive-code';

export default defineEcConfig({
  // Light and dark: the dark one by the system's preference, or by the learner's choice (data-theme on <html>,
  // src/components/ThemeToggle.astro), matched by theme type.
  themes: ['github-light', 'github-dark'],
  themeCssSelector: (theme) => `[data-theme='${theme.type}']`,
  styleOverrides: { codeFontSize: '0.88rem' },
});
