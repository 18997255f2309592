/**
 * Progress that travels, in real Chromium: one browser records progress and makes a resume code on the outline; a
 * second browser context (another device, as far as cookies go) opens the resume link and sees the same progress;
 * a wrong code is refused with a sentence; "Delete my data" (with its confirm step) leaves no progress after a
 * reload, in either browser.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { visitUrl } from '../../server/contracts/api.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.ts';

const LESSON = 'fixtures/checks';
let box: RunningBoxlab;
let browser: Browser;
const soon = <T>(value: () => Promise<T> | T) => expect.poll(value, { timeout: 15_000 });
const lessonState = (page: Page) => page.locator(`[data-outline-lesson="${LESSON}"]`).getAttribute('data-state');
const panel = (page: Page) => page.getByRole('region', { name: 'Your progress' });

beforeAll(async () => {
  box = await startBoxlab();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

it('resumes on a second browser context with the same progress, and deletes it all', async () => {
  const first: { page: Page; context: BrowserContext } = await openPage(browser);
  await first.page.goto(`${box.baseUrl}/`);
  const visited = await first.page.request.post(`${box.baseUrl}${visitUrl(LESSON)}`, { headers: { origin: box.baseUrl } });
  expect(visited.status()).toBe(204);
  await first.page.reload();
  await soon(() => lessonState(first.page)).toBe('started');
  await soon(() => panel(first.page).innerText()).toMatch(/no resume code yet/);

  await panel(first.page).getByRole('button', { name: 'Make a resume code' }).click();
  const code = panel(first.page).locator('[data-travel-code]');
  await soon(() => code.innerText()).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  const link = await panel(first.page).locator('[data-travel-link]').getAttribute('href');
  expect(link).toBe(`${box.baseUrl}/resume/#${await code.innerText()}`);
  await panel(first.page).getByRole('button', { name: 'Copy code' }).click();
  await soon(() => first.page.evaluate(() => navigator.clipboard.readText())).toBe(await code.innerText());
  expect(await panel(first.page).getByRole('button', { name: /Make a new code/ }).isVisible()).toBe(true);
  await screenshot(first.page, 'resume-code');

  const second = await openPage(browser);
  // A wrong code first: refused with the server's sentence, nothing changes.
  await second.page.goto(`${box.baseUrl}/resume/`);
  await second.page.getByLabel('Resume code').fill('AAAA-BBBB-CCCC-DDDD');
  await second.page.getByRole('button', { name: 'Continue' }).click();
  await soon(() => second.page.getByRole('alert').innerText()).toMatch(/not \(or no longer\) valid/);
  await second.page.getByLabel('Resume code').fill('not a code');
  await second.page.getByRole('button', { name: 'Continue' }).click();
  await soon(() => second.page.getByRole('alert').innerText()).toMatch(/16 letters and digits/);

  await second.page.goto(link!);
  expect(await second.page.getByLabel('Resume code').inputValue()).toBe(await code.innerText());
  // The code leaves the address bar at once.
  expect(second.page.url()).toBe(`${box.baseUrl}/resume/`);
  await second.page.getByRole('button', { name: 'Continue' }).click();
  await second.page.waitForURL(`${box.baseUrl}/`);
  await soon(() => lessonState(second.page)).toBe('started');
  await soon(() => second.page.locator('[data-continue]').isVisible()).toBe(true);
  const cookies = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'boxlab_learner')?.value;
  expect(await cookies(second.context)).toBe(await cookies(first.context));

  // Delete: the confirm step first (Cancel keeps everything), then for real.
  await panel(second.page).getByRole('button', { name: 'Delete my data…' }).click();
  const dialog = second.page.getByRole('dialog', { name: 'Delete your data?' });
  await soon(() => dialog.isVisible()).toBe(true);
  await screenshot(second.page, 'resume-delete-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await second.page.reload();
  await soon(() => lessonState(second.page)).toBe('started');
  await panel(second.page).getByRole('button', { name: 'Delete my data…' }).click();
  await dialog.getByRole('button', { name: 'Delete my data' }).click();
  await soon(() => panel(second.page).innerText()).toMatch(/Your data is deleted/);
  expect(await cookies(second.context)).toBeUndefined();

  await second.page.reload();
  await soon(() => panel(second.page).innerText()).toMatch(/no resume code yet/);
  expect(await lessonState(second.page)).toBe('new');
  expect(await second.page.locator('[data-continue]').isVisible()).toBe(false);
  // The first browser still holds the old identity: its data is gone too.
  await first.page.reload();
  await soon(() => panel(first.page).innerText()).toMatch(/no resume code yet/);
  expect(await lessonState(first.page)).toBe('new');
});
