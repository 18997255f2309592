/**
 * A person's path through the skeleton in real Chromium: open the site, click into the first lesson,
 * wait for the prompt, type with the keyboard, read the answer in the terminal.
 */
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();

it('opens a lesson from the course page and runs a command in its terminal', async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(suite.box.baseUrl);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Containers/);

  await page.getByRole('link', { name: 'What is a container?' }).click();
  await page.waitForURL(/\/lessons\/containers\/what-is-a-container\/$/);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('What is a container?');

  // The prompt appears once the sandbox is up.
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/learner@box-\w+:~\$/);
  await expect.poll(() => page.getByRole('status').first().innerText()).toBe('Connected');

  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('echo $((6*7))');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^42$/m);

  // The terminal fits its pane: the TTY's size is what xterm.js measured, not 80x24.
  await page.keyboard.type('stty size');
  await page.keyboard.press('Enter');
  await expect.poll(async () => /^(\d+) (\d+)$/m.exec(await terminalText(page))?.slice(1).map(Number), { timeout: 10_000 }).toSatisfy(
    (size: number[] | undefined) => !!size && size[1]! > 40 && !(size[0] === 24 && size[1] === 80),
  );
  await screenshot(page, 'lesson-terminal');
});
