/** Debian's Chromium driven by playwright-core (no browser download, ever). */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const RESULTS_DIR = 'test-results';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/**
 * A fresh browser profile (cookies, storage) with one page. `renderer: 'dom'` (the default) makes the
 * terminal draw with xterm's DOM renderer so tests can read its rows as text; 'auto' lets it choose.
 */
export async function openPage(browser: Browser, o: { renderer?: 'dom' | 'auto' } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  if ((o.renderer ?? 'dom') === 'dom') await context.addInitScript(() => localStorage.setItem('boxlab:renderer', 'dom'));
  return { page: await context.newPage(), context };
}

/** The visible text of a terminal on the page, row by row, as a person would read it. */
export async function terminalText(page: Page, which = 'boxlab-terminal'): Promise<string> {
  return page.locator(`${which} .xterm-rows`).innerText();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}
