/**
 * axe-core over the pages people use, in real Chromium, in the light and the dark theme: the course outline, a
 * lesson with its live terminal, search with results, the join page, and an instructor's workshop page. No serious
 * or critical violation. axe-core is injected into the page (a test-only dependency; the context bypasses the CSP
 * to let its inline script in).
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopSummary } from '../../server/contracts/workshop.ts';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { Browser } from 'playwright-core';

const TOKEN = 'instructor-token-for-e2e-tests-0123456789';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const THEMES = ['light', 'dark'] as const;

let box: RunningBoxlab;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workshopPath = '';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Serious and critical violations on the page as it is now, one line each (rule, where, why). */
async function seriousViolations(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  }) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${JSON.stringify(n.target)}: ${v.help}; ${n.failureSummary ?? ''}`));
}

async function checkBothThemes(ready: () => Promise<unknown>): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await ready();
    expect(await seriousViolations(page), `${page.url()} in the ${theme} theme`).toEqual([]);
  }
}

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_INSTRUCTOR_TOKENS: TOKEN });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

describe('no serious or critical accessibility violation', () => {
  it('on the course outline', async () => {
    await page.goto(box.baseUrl + '/');
    await checkBothThemes(() => expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true));
  });

  it('on a lesson, with its terminal connected', async () => {
    await page.goto(box.baseUrl + '/lessons/containers/what-is-a-container/');
    await checkBothThemes(() => expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toBe('Connected'));
  });

  it('on search, with results', async () => {
    await page.goto(box.baseUrl + '/search/');
    const input = page.locator('.pagefind-ui__search-input');
    await expect.poll(() => input.isVisible(), { timeout: 15_000 }).toBe(true);
    await input.fill('container');
    await checkBothThemes(() => expect.poll(() => page.locator('.pagefind-ui__result').count(), { timeout: 15_000 }).toBeGreaterThan(0));
  });

  it('on the join page', async () => {
    await page.goto(box.baseUrl + '/join/');
    await checkBothThemes(() => expect.poll(() => page.getByRole('heading', { level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true));
  });

  it('on an instructor’s workshop page', async () => {
    await page.goto(box.baseUrl + '/instructor/');
    await page.getByLabel('Instructor token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Workshops on this server' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const now = Date.now();
    const created = await page.request.post(`${box.baseUrl}${workshopUrls.workshops}`, {
      headers: { origin: box.baseUrl },
      data: { title: 'Checked class', lessons: ['fixtures/checks'], capacity: 2, startsAt: now, endsAt: now + 3_600_000, prewarmShare: 0 },
    });
    expect(created.status()).toBe(201);
    const w = (await created.json()) as WorkshopSummary;
    workshopPath = `/instructor/workshop/?id=${encodeURIComponent(w.id)}`;
    await page.goto(box.baseUrl + workshopPath);
    await checkBothThemes(() => expect.poll(() => page.getByRole('heading', { name: 'Checked class' }).isVisible(), { timeout: 15_000 }).toBe(true));
  });
});
