/**
 * The instructor pages' sign-in with a provider and the Rehearse panel, in real Chromium: the sign-in page offers
 * "Sign in with <provider>" when BOXLAB_OIDC_* are set (here a provider that is not running, so following the link
 * shows the refusal page's sentence; the whole flow against a real provider is tests/integration/instructor-oidc),
 * and a workshop's page rehearses its start with two learners: the number defaults to the places, a confirmation,
 * progress, then the figures (holds or not, first prompt p99, echo p99, lowest free memory, pool size).
 * Screenshot of the result in test-results/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopUrls, type WorkshopSummary } from '../../server/contracts/workshop.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.ts';

const TOKEN = 'instructor-token-for-e2e-tests-0123456789';
const LESSON = 'fixtures/checks';

let box: RunningBoxlab;
let browser: Browser;
let page: Page;
const soon = <T>(value: () => Promise<T> | T, timeout = 15_000) => expect.poll(value, { timeout });

beforeAll(async () => {
  box = await startBoxlab({
    BOXLAB_INSTRUCTOR_TOKENS: TOKEN,
    BOXLAB_POOL_SHELL: '0',
    // No provider can be reached at port 9 (fetch refuses it): the page only asks Boxlab whether one is set.
    BOXLAB_OIDC_ISSUER: 'http://127.0.0.1:9',
    BOXLAB_OIDC_CLIENT_ID: 'boxlab',
    BOXLAB_OIDC_CLIENT_SECRET: 'a-secret',
    BOXLAB_OIDC_REDIRECT_URL: 'http://127.0.0.1:1/api/instructor/oidc/callback',
    BOXLAB_OIDC_INSTRUCTORS: 'ada@example.org',
  });
  browser = await launchBrowser();
  page = (await openPage(browser)).page;
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

describe('instructor pages', () => {
  it('offers sign-in with the provider, and says so when the provider cannot be reached', async () => {
    await page.goto(`${box.baseUrl}/instructor/`);
    const link = page.getByRole('link', { name: 'Sign in with 127.0.0.1' });
    await soon(() => link.isVisible()).toBe(true);
    await link.click();
    await soon(() => page.locator('[data-oidc-refusal]').innerText()).toContain('The sign-in provider (127.0.0.1) could not be reached.');
    await page.getByRole('link', { name: 'Back to instructor sign-in' }).click();
    await soon(() => page.getByRole('heading', { name: 'Sign in as an instructor' }).isVisible()).toBe(true);
  });

  it('rehearses a workshop’s start with two learners and shows the figures', async () => {
    await page.getByLabel('Instructor token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await soon(() => page.getByRole('heading', { name: 'Workshops on this server' }).isVisible()).toBe(true);
    const now = Date.now();
    const created = await page.request.post(`${box.baseUrl}${workshopUrls.workshops}`, {
      headers: { origin: box.baseUrl },
      data: { title: 'Rehearsed class', lessons: [LESSON], capacity: 2, startsAt: now + 3_600_000, endsAt: now + 7_200_000, prewarmShare: 0 },
    });
    expect(created.status()).toBe(201);
    const w = (await created.json()) as WorkshopSummary;

    await page.goto(`${box.baseUrl}/instructor/workshop/?id=${encodeURIComponent(w.id)}`);
    const learners = page.getByLabel('Learners to simulate');
    await soon(() => learners.inputValue()).toBe('2');
    await page.getByRole('button', { name: 'Rehearse', exact: true }).click();
    const dialog = page.locator('#confirm-dialog');
    await soon(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain('This loads the host as the class will');
    await dialog.getByRole('button', { name: 'Rehearse' }).click();

    const progress = page.locator('[data-rehearse-progress]');
    await soon(() => progress.innerText()).toMatch(/^Rehearsing with 2 learners/);
    const verdict = page.locator('[data-rehearse-verdict]');
    await soon(() => verdict.isVisible(), 120_000).toBe(true);
    expect(await progress.innerText()).toBe('The rehearsal is over.');
    expect(await verdict.innerText()).toMatch(/^This host (holds|does not hold) a start of 2 learners/);
    const figures = await page.locator('[data-rehearse-figures]').innerText();
    expect(figures).toMatch(/First prompt, p99\s+\d+ ms \(p50 \d+ ms; target under \d+ ms\)/);
    expect(figures).toMatch(/Echo, p99\s+\d+ ms/);
    expect(figures).toMatch(/Lowest free memory\s+\d+ MiB/);
    expect(figures).toMatch(/Pool size to use\s+\d+ pre-warmed sandboxes/);
    expect(figures).toMatch(/Learners without a prompt\s+0 of 2/);
    expect(figures).toMatch(/2 rehearsal sandboxes removed/);
    expect((await page.locator('[data-rehearse-advice]').innerText()).length).toBeGreaterThan(10);
    await screenshot(page, 'workshop-rehearsal');

    // The pool size becomes the workshop's pre-warm (it was 0 at creation); a pool of 0 offers no button.
    const pool = Math.min(Number(/Pool size to use\s+(\d+)/.exec(figures)![1]), 2);
    const apply = page.locator('[data-rehearse-apply]');
    if (pool === 0) expect(await apply.isVisible()).toBe(false);
    else {
      await apply.click();
      expect(await apply.innerText()).toBe(`Pre-warm ${pool} sandboxes for this workshop`);
      await soon(() => progress.innerText()).toBe(`Pre-warm set to ${pool} sandboxes: they start from 15 minutes before the start, or at once with Pre-warm now.`);
    }

    // Nothing of the rehearsal is left running, and the page shows the last figures when opened again.
    expect((await box.containers()).length).toBe(0);
    await page.reload();
    await soon(() => verdict.isVisible()).toBe(true);
    const post = async (url: string, data: unknown) => (await page.request.post(`${box.baseUrl}${url}`, { headers: { origin: box.baseUrl }, data })).json();
    expect(await post(workshopUrls.prewarm(w.id), {})).toMatchObject({ wanted: pool });
    // The same route, whatever this host's pool: at most the places, and asked now, exactly that many are wanted.
    expect(await post(workshopUrls.prewarmSize(w.id), { sandboxes: 5 })).toMatchObject({ sandboxes: 2, share: 1 });
    expect(await post(workshopUrls.prewarmSize(w.id), { sandboxes: 1 })).toMatchObject({ sandboxes: 1, prewarm: { wanted: 1 } });
  });
});
