/**
 * Leaving the terminal with the keyboard, in real Chromium, with the screen-reader mode on: Escape then Shift+Tab
 * moves the focus back to the frame's "Keys" help, Tab comes back into the shell, and the Escape did not reach the shell
 * (a line half typed before goes on as typed: an Escape left pending would have made the next key a Meta command).
 * Escape then Tab moves the focus forward, out of the terminal.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/containers/what-is-a-container/';
const inTerminal = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false);
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

it('moves the focus out of the terminal with Escape then Tab, and back in with Tab', async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(suite.box.baseUrl + LESSON);
  await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toBe('Connected');
  const toggle = page.getByRole('button', { name: 'Screen reader mode' });
  await toggle.click();
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  const spoken = page.locator('boxlab-terminal .xterm-accessibility-tree');
  await expect.poll(() => spoken.innerText(), { timeout: 10_000 }).toMatch(/learner@box-\w+:~\$/);
  // The toggle gives the focus back to the terminal.
  expect(await inTerminal(page)).toBe(true);
  // What a screen reader says on entering it, also in the frame's "Keys" help.
  expect(await page.evaluate(() => {
    const id = document.activeElement?.getAttribute('aria-describedby');
    return id ? document.getElementById(id)?.textContent : undefined;
  })).toMatch(/press Escape then Tab/);
  await page.locator('boxlab-terminal .terminal-help summary').click();
  expect(await page.locator('boxlab-terminal .terminal-help-body').innerText()).toMatch(/Escape then Tab/);
  await page.locator('boxlab-terminal .terminal-help summary').click();
  await page.locator('boxlab-terminal .xterm').click();

  // Half a command, then out backwards (to the frame's button) and in again.
  await page.keyboard.type('echo OUT');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await inTerminal(page)).toBe(false);
  expect(await focusedName(page)).toBe('Keys');
  await page.keyboard.press('Tab');
  expect(await inTerminal(page)).toBe(true);
  await page.keyboard.type('-AND-BACK');
  await page.keyboard.press('Enter');
  await expect.poll(() => spoken.innerText(), { timeout: 10_000 }).toMatch(/^OUT-AND-BACK$/m);

  // Tab alone stays the shell's: it completes.
  await page.keyboard.type('ech');
  await page.keyboard.press('Tab');
  await page.keyboard.type('COMPLETED');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^COMPLETED\s*$/m);

  // Escape alone still reaches the program (here: readline's Meta prefix, Escape . is the last argument).
  await page.keyboard.type('echo ');
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminalText(page)).match(/^COMPLETED\s*$/gm)?.length, { timeout: 10_000 }).toBe(2);

  // Forward: Escape then Tab leaves the terminal for whatever follows it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await inTerminal(page)).toBe(false);
  await screenshot(page, 'keyboard-focus-out');
});
