/**
 * Light and dark themes in real Chromium: a fresh browser follows the system's preference, the header's picker
 * switches the page, its code blocks and the live terminal (no reconnect, the screen kept), the choice is remembered
 * and applied before the body is parsed (no flash of the other theme), and the CSP lets that inline script run.
 * Screenshots of the lesson in both themes go to test-results/.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/containers/what-is-a-container/';
const prompt = /learner@box-\w+:~\$/;

/** Relative luminance of a CSS colour (rgb()/rgba() as computed): under 0.2 reads as dark. */
const luminance = (css: string) => {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
};
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
/** The colour xterm.js paints the terminal's background with (its scrollable element carries it). */
const terminalBackground = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('boxlab-terminal .xterm *')].find((e) => e.style.backgroundColor)?.style.backgroundColor ?? '');
const codeBackground = (page: Page) => page.evaluate(() => {
  const pre = document.querySelector('.expressive-code pre');
  return pre ? getComputedStyle(pre).backgroundColor : '';
});

it('follows the system, switches live with the header picker (terminal included, no reconnect) and remembers', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  let sockets = 0;
  page.on('websocket', () => sockets++);
  await page.goto(suite.box.baseUrl + LESSON);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(prompt);
  expect(cspErrors).toEqual([]);

  // The system says dark: so is everything, with nothing chosen.
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBeUndefined();
  expect(await page.getByLabel('Theme').inputValue()).toBe('system');
  expect(luminance(await pageBackground(page))).toBeLessThan(0.05);
  expect(luminance(await terminalBackground(page))).toBeLessThan(0.05);
  if (await page.locator('.expressive-code pre').count()) expect(luminance(await codeBackground(page))).toBeLessThan(0.1);

  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('echo THEMED-$((40+2))');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^THEMED-42\s*$/m);

  // Light, chosen: page, code and terminal turn, the shell's screen stays, the socket is the same one.
  await page.getByLabel('Theme').selectOption('light');
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
  expect(luminance(await pageBackground(page))).toBeGreaterThan(0.8);
  await expect.poll(async () => luminance(await terminalBackground(page))).toBeGreaterThan(0.8);
  if (await page.locator('.expressive-code pre').count()) expect(luminance(await codeBackground(page))).toBeGreaterThan(0.8);
  expect(await terminalText(page)).toMatch(/^THEMED-42\s*$/m);
  expect(await page.getByRole('status').first().innerText()).toBe('Connected');
  await screenshot(page, 'theme-light-lesson');

  // Dark, chosen, survives a reload, and is on <html> before <body> exists (no flash of light).
  await page.getByLabel('Theme').selectOption('dark');
  await expect.poll(async () => luminance(await terminalBackground(page))).toBeLessThan(0.05);
  expect(sockets).toBe(1);
  await context.close();
});

it('applies a remembered choice before the first paint, against the system, and the CSP allows it', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('boxlab:theme', 'dark');
      sessionStorage.setItem('seeded', '1');
    }
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as unknown as { themeAtBody: string }).themeAtBody = document.documentElement.dataset['theme'] ?? 'none';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  await page.goto(suite.box.baseUrl + LESSON);
  expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
  expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
  expect(luminance(await pageBackground(page))).toBeLessThan(0.05);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(prompt);
  expect(luminance(await terminalBackground(page))).toBeLessThan(0.05);
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('ls -la --color=always /etc | head -5');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^total \d+/m);
  await screenshot(page, 'theme-dark-lesson');

  // Back to following the system (light here): the choice is forgotten.
  await page.getByLabel('Theme').selectOption('system');
  expect(await page.evaluate(() => localStorage.getItem('boxlab:theme'))).toBeNull();
  expect(luminance(await pageBackground(page))).toBeGreaterThan(0.8);
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('none');
  expect(cspErrors).toEqual([]);
  await context.close();
});
