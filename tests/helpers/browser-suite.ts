/** One Boxlab and one Chromium for an end-to-end test file, started before its tests and gone after them. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBoxlab, type RunningBoxlab } from './boxlab.ts';
import { launchBrowser } from './browser.ts';

export interface BrowserSuite {
  readonly box: RunningBoxlab;
  readonly browser: Browser;
}

export function browserSuite(): BrowserSuite {
  let box: RunningBoxlab | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    box = await startBoxlab();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await box?.destroy();
  });
  const started = <T>(x: T | undefined): T => {
    if (!x) throw new Error('the suite is not started yet (use it inside tests)');
    return x;
  };
  return {
    get box() {
      return started(box);
    },
    get browser() {
      return started(browser);
    },
  };
}
