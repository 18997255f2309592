/** In Chromium: the terminal warns before the sandbox's time-to-live ends, and Extend keeps it. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, screenshot, terminalText } from '../helpers/browser.ts';

let box: RunningBoxlab;
let browser: Browser;

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_TTL_S: '60', BOXLAB_EXPIRY_WARNING_S: '59', BOXLAB_REAP_INTERVAL_S: '1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

it('warns that the sandbox ends soon and extends it on click', async () => {
  const page = await browser.newPage();
  await page.goto(`${box.baseUrl}/lessons/containers/what-is-a-container/`);
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/\$/);
  const extend = page.getByRole('button', { name: 'Extend' });
  await expect.poll(() => extend.isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/ends in \d+ min/);
  await screenshot(page, 'sandbox-expiring');
  const before = box.boxlab.manager.list()[0]!.expiresAt;
  // The extension is a time-to-live from now, so let a little time pass for it to be later than before.
  await expect.poll(() => Date.now() - (before - 60_000), { timeout: 5000 }).toBeGreaterThan(1200);
  await extend.click();
  await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/Extended/);
  expect(await extend.isVisible()).toBe(false);
  expect(box.boxlab.manager.list()[0]!.expiresAt).toBeGreaterThan(before);
});
