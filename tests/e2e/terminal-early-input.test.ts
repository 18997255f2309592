/**
 * A learner who types as the page opens, before the terminal is connected: the command reaches the shell
 * whole, in order and once when the terminal is ready; more than the page keeps is refused, and the terminal
 * frame says so. The page's connection is held back (its first request, /healthz, waits for the test), so
 * the typing comes before the connection whatever the machine's speed.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/containers/what-is-a-container/';

/** Open the lesson with its terminal's connection held back; resolves once the terminal has the keyboard. */
async function openHeldBack(page: Page): Promise<{ release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/healthz', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(suite.box.baseUrl + LESSON);
  await page.waitForFunction(() => document.activeElement?.classList.contains('xterm-helper-textarea'), undefined, { timeout: 20_000 });
  return { release };
}

const terminalState = (page: Page) => page.locator('boxlab-terminal').getAttribute('data-state');
const status = (page: Page) => page.getByRole('status').first().innerText();

it('runs a command typed while the terminal was still connecting, whole and once', async () => {
  const { page } = await openPage(suite.browser);
  const { release } = await openHeldBack(page);
  await page.keyboard.type('echo early-$((6*7)) >> /tmp/early-keys');
  // Typed before any socket was opened.
  expect(await terminalState(page)).not.toBe('ready');
  release();
  // The rest while the connection is made and the sandbox starts: kept too, and sent after what came before.
  await page.keyboard.type('; echo typed-$((2+3))');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalState(page), { timeout: 20_000 }).toBe('ready');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^typed-5$/m);

  await page.keyboard.type('echo lines=$(wc -l < /tmp/early-keys) content=$(cat /tmp/early-keys)');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^lines=1 content=early-42$/m);
  await screenshot(page, 'terminal-early-input');
});

it('says plainly that input is not taken yet once more was typed than the page keeps', async () => {
  const { page } = await openPage(suite.browser);
  const { release } = await openHeldBack(page);
  // A paste larger than the 16 KiB the page keeps before the terminal is ready.
  await page.keyboard.insertText(`echo ${'x'.repeat(17 * 1024)}`);
  await expect.poll(() => status(page)).toMatch(/not ready yet.*not taken/);
  await screenshot(page, 'terminal-early-input-refused');
  release();
  await expect.poll(() => status(page), { timeout: 20_000 }).toBe('Connected');
  // Nothing of the refused paste reached the shell: its line is empty.
  await page.keyboard.type('echo after-$((1+1))');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^after-2$/m);
  expect(await terminalText(page)).not.toContain('xxxxxxxx');
});
