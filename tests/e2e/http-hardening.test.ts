/**
 * The site under its Content Security Policy, in real Chromium: a lesson page (terminal, quiz, exercises) and the
 * search work with no policy violation; hashed assets go out compressed and cached for good, pages revalidated.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/fixtures/checks/';

/** Every CSP violation the page reports, as `directive blocked-uri`. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('boxlabViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { boxlabViolation(v: string): void }).boxlabViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  return seen;
}

it('runs a lesson page and the search with no policy violation', async () => {
  const { page } = await openPage(suite.browser);
  const violations = await watchViolations(page);
  const response = await page.goto(suite.box.baseUrl + LESSON);
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
  expect(csp).toMatch(/frame-ancestors 'self'/);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/learner@box-\w+:~\$/);
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('echo csp-$((20+22))');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^csp-42\s*$/m);
  await screenshot(page, 'csp-lesson');

  await page.goto(suite.box.baseUrl + '/search/');
  await page.getByPlaceholder('Search').fill('redirection');
  await expect.poll(() => page.getByRole('link', { name: 'Fixture lesson' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await screenshot(page, 'csp-search');
  expect(violations).toEqual([]);
});

it('compresses and caches hashed assets for good, and revalidates pages', async () => {
  const base = suite.box.baseUrl;
  const page = await fetch(base + LESSON, { headers: { 'accept-encoding': 'gzip, br' } });
  expect(page.headers.get('cache-control')).toBe('no-cache');
  expect(page.headers.get('content-encoding')).toMatch(/br|gzip/);
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await page.text();
  const assets = [...html.matchAll(/src="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(0);
  let compressed = 0;
  for (const asset of assets) {
    const js = await fetch(base + asset, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
    // Files under 1 KiB are not worth compressing (src/integrations/precompress.ts); the rest go compressed.
    const size = (await js.arrayBuffer()).byteLength;
    if (js.headers.get('content-encoding')) compressed++;
    else expect(size, asset).toBeLessThan(1024);
  }
  expect(compressed).toBeGreaterThan(0);
  // JSON answers carry the headers too, but no page policy.
  const health = await fetch(base + '/healthz');
  expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(health.headers.get('content-security-policy')).toBeNull();
});
