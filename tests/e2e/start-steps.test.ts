/**
 * A docker lesson's terminal shows its start as it happens: the step and its time above the terminal ("Creating
 * your sandbox · 1.2 s", "Starting Docker inside it · 2.8 s"), until the first prompt replaces it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, screenshot, terminalText } from '../helpers/browser.ts';

let box: RunningBoxlab;
let browser: Browser;
beforeAll(async () => {
  // No warm pool: the sandbox is made when the learner arrives, and its engine starts then.
  box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

declare global {
  interface Window {
    __steps: string[];
  }
}

it("shows a docker sandbox's start-up steps with their time, then the prompt in their place", { timeout: 120_000 }, async () => {
  const { page } = await openPage(browser);
  // Every text the step line shows, as a person watching it would have read it.
  await page.addInitScript(() => {
    window.__steps = [];
    new MutationObserver(() => {
      const line = document.querySelector<HTMLElement>('.terminal-step');
      const text = line && !line.hidden ? line.innerText : '';
      if (text && window.__steps.at(-1) !== text) window.__steps.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.goto(`${box.baseUrl}/lessons/fixtures/docker-engine/`);

  const step = page.locator('boxlab-terminal .terminal-step');
  await expect.poll(() => step.innerText(), { timeout: 30_000 }).toMatch(/^Starting Docker inside it · \d+\.\d s$/);
  // The step is said to screen readers once, without the ticking time.
  await expect.poll(() => step.getByRole('status').innerText()).toBe('Starting Docker inside it');
  await screenshot(page, 'start-steps-docker');

  await expect.poll(() => terminalText(page), { timeout: 90_000 }).toMatch(/learner@box-\w+:~\$/);
  await expect.poll(() => step.isHidden()).toBe(true);

  const seen = await page.evaluate(() => window.__steps);
  const sentences = [...new Set(seen.map((s) => s.replace(/ · [\d.]+ s$/, '')))];
  expect(sentences).toEqual(['Creating your sandbox', 'Starting Docker inside it', 'Opening your shell']);
  // The time counts up while a step lasts.
  const engineTimes = seen.filter((s) => s.startsWith('Starting Docker')).map((s) => Number(/([\d.]+) s$/.exec(s)?.[1]));
  expect(engineTimes.length).toBeGreaterThan(1);
  expect(engineTimes.at(-1)!).toBeGreaterThan(engineTimes[0]!);

  // The engine is up when the prompt comes.
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('docker info --format "engine={{.ServerVersion}}"');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/^engine=\d+/m);
});
