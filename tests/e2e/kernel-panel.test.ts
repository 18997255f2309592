/**
 * The cgroups lesson's panel shows, live, what the kernel sees of the learner's sandbox: its CPU and memory move
 * while `yes > /dev/null` runs, and its namespaces are listed beside the host's.
 */
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();

it('shows the sandbox’s CPU and memory moving while yes runs', { timeout: 120_000 }, async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(`${suite.box.baseUrl}/lessons/containers/limits-and-cgroups/`);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/learner@box-\w+:~\$/);

  const open = page.getByRole('button', { name: 'Show what the kernel sees of you' }).first();
  await open.click();
  const panel = page.getByRole('region', { name: 'What the kernel sees of you' });
  // Opened below the terminal.
  await expect.poll(() => page.locator('boxlab-terminal + .kernel-panel').count()).toBe(1);
  const figure = (kind: string) => panel.locator(`[data-kind="${kind}"] .kernel-figure`).innerText();
  const value = async (kind: string) => Number(await panel.locator(`[data-kind="${kind}"]`).getAttribute('data-value'));
  await expect.poll(() => figure('memory'), { timeout: 15_000 }).toMatch(/^[\d.]+ MiB of \d+ MiB \(\d+ %\)$/);
  await expect.poll(() => figure('cpu'), { timeout: 15_000 }).toMatch(/^[\d.]+ CPUs? of [\d.]+ CPUs?/);
  await expect.poll(() => figure('pids')).toMatch(/^\d+ of \d+$/);
  await expect.poll(() => panel.getByRole('row').count()).toBeGreaterThan(4);
  await expect.poll(() => panel.locator('.kernel-ns-note').innerText()).toMatch(/^\d of \d namespaces are your sandbox’s own/);

  // Idle first: the shell waits for input.
  await expect.poll(() => value('cpu'), { timeout: 15_000 }).toBeLessThan(0.1);
  const idleMemory = await value('memory');

  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('yes > /dev/null');
  await page.keyboard.press('Enter');
  await expect.poll(() => value('cpu'), { timeout: 20_000 }).toBeGreaterThan(0.25);
  await expect.poll(() => value('memory'), { timeout: 20_000 }).not.toBe(idleMemory);
  await screenshot(page, 'kernel-panel-yes');

  // Ctrl-C: the CPU falls back.
  await page.keyboard.press('Control+C');
  await expect.poll(() => value('cpu'), { timeout: 20_000 }).toBeLessThan(0.1);

  // Closed: the figures stop (the server is asked to stop sending them).
  await page.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => panel.isHidden()).toBe(true);
});
