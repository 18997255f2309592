/**
 * A lesson on a phone (Chromium at 390x844, touch): the text and the terminal are tabs, not squeezed side by side;
 * the extra-keys bar sends Tab (completion), arrows (history), `|`, `-` and a sticky Ctrl (Ctrl then c on the
 * phone's keyboard interrupts); a smaller visual viewport (the phone's keyboard up) keeps the prompt in sight; a Run
 * button in the text shows the terminal.
 * Screenshot in test-results/.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/containers/what-is-a-container/';
const prompt = /learner@box-\w+:~\$/;
const bar = (page: Page) => page.getByRole('group', { name: 'Extra keys' });
const tapKey = (page: Page, name: string) => bar(page).getByRole('button', { name, exact: true }).tap();
const lastLine = async (page: Page) => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '';

it('switches between text and terminal and types with the key bar', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(suite.box.baseUrl + LESSON);
  const text = page.locator('.lesson-text');
  const terminal = page.locator('boxlab-terminal');
  // One pane at a time: the text first, full width.
  await expect.poll(() => text.isVisible()).toBe(true);
  expect(await terminal.isVisible()).toBe(false);
  expect((await text.boundingBox())!.width).toBeGreaterThan(370);

  await page.getByRole('button', { name: 'Terminal', exact: true }).tap();
  await expect.poll(() => terminal.isVisible()).toBe(true);
  expect(await text.isVisible()).toBe(false);
  expect((await terminal.boundingBox())!.width).toBeGreaterThan(350);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(prompt);
  expect(await bar(page).isVisible()).toBe(true);

  // Tab from the bar completes `ech` to `echo `.
  await page.keyboard.type('ech');
  await tapKey(page, 'Tab');
  await expect.poll(() => lastLine(page), { timeout: 10_000 }).toMatch(/\$ echo$/);
  // `|` and `-` from the bar.
  await page.keyboard.type('phone ');
  await tapKey(page, 'Pipe');
  await page.keyboard.type(' tr a');
  await tapKey(page, 'Dash');
  await page.keyboard.type('z A');
  await tapKey(page, 'Dash');
  await page.keyboard.type('Z');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^PHONE\s*$/m);

  // Ctrl, then c from the phone's keyboard: the sleep is interrupted.
  await page.keyboard.type('sleep 300');
  await page.keyboard.press('Enter');
  await tapKey(page, 'Ctrl');
  expect(await bar(page).getByRole('button', { name: 'Ctrl' }).getAttribute('aria-pressed')).toBe('true');
  await page.keyboard.type('c');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/sleep 300\s*\n\^C\s*\n.*learner@box-\w+:~\$/);
  expect(await bar(page).getByRole('button', { name: 'Ctrl' }).getAttribute('aria-pressed')).toBe('false');

  // Up brings the last command back (history), Ctrl then u clears it again.
  await tapKey(page, 'Up');
  await expect.poll(() => lastLine(page), { timeout: 10_000 }).toMatch(/\$ sleep 300$/);
  await tapKey(page, 'Ctrl');
  await page.keyboard.type('u');
  await expect.poll(() => lastLine(page), { timeout: 10_000 }).toMatch(/\$$/);
  // The focus stayed in the terminal all along (the phone's keyboard would have closed otherwise).
  expect(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea'))).toBe(true);
  await screenshot(page, 'phone-terminal-key-bar');

  // The phone's keyboard takes the lower half: the terminal shrinks to what is left and the prompt stays in sight.
  await page.setViewportSize({ width: 390, height: 420 });
  await expect.poll(async () => (await terminal.boundingBox())!.y + (await terminal.boundingBox())!.height, { timeout: 10_000 }).toBeLessThanOrEqual(421);
  await expect.poll(() => lastLine(page), { timeout: 10_000 }).toMatch(prompt);
  await screenshot(page, 'phone-terminal-keyboard-up');

  await page.getByRole('button', { name: 'Lesson', exact: true }).tap();
  await expect.poll(() => text.isVisible()).toBe(true);
  // A Run button in the text switches to the terminal, where its command runs.
  await page.getByRole('button', { name: 'Run: hostname', exact: true }).tap();
  await expect.poll(() => terminal.isVisible()).toBe(true);
  expect(await text.isVisible()).toBe(false);
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^box-\w+\s*$/m);
  await context.close();
});
