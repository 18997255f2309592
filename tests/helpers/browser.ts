/** Debian's Chromium driven by playwright-core (no browser download, ever). */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const RESULTS_DIR = 'test-results';

const rawNewContext = new WeakMap<Browser, Browser['newContext']>();

/**
 * Debian's Chromium. Every context it opens draws terminals with xterm's DOM renderer, so tests can read
 * their rows as text (openPage(…, { renderer: 'auto' }) lets the terminal choose, WebGL included).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const raw = browser.newContext.bind(browser);
  rawNewContext.set(browser, raw);
  browser.newContext = async (options) => {
    const context = await raw(options);
    await context.addInitScript(() => localStorage.setItem('boxlab:renderer', 'dom'));
    return context;
  };
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return browser;
}

/**
 * A fresh browser profile (cookies, storage) with one page. `renderer: 'dom'` (the default) makes the
 * terminal draw with xterm's DOM renderer so tests can read its rows as text; 'auto' lets it choose.
 */
export async function openPage(browser: Browser, o: { renderer?: 'dom' | 'auto' } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const options = { viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] };
  const context = (o.renderer ?? 'dom') === 'dom' ? await browser.newContext(options) : await (rawNewContext.get(browser) ?? browser.newContext)(options);
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
