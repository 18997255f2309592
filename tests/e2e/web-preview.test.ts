/** In Chromium: start a web server in the lesson's terminal, then open it through Boxlab's preview. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, screenshot, terminalText } from '../helpers/browser.ts';

let box: RunningBoxlab;
let browser: Browser;

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

it('opens what the learner serves in their sandbox', async () => {
  const context = await browser.newContext();
  const lessonPage = await context.newPage();
  await lessonPage.goto(`${box.baseUrl}/lessons/containers/what-is-a-container/`);
  await expect.poll(() => terminalText(lessonPage), { timeout: 20_000 }).toMatch(/\$/);
  await lessonPage.locator('boxlab-terminal .xterm').first().click();
  // A page with its own style sheet, script and fetch(): sub-resources the page itself requests, cookie-less.
  const files: Record<string, string> = {
    'index.html': '<!doctype html><link rel="stylesheet" href="style.css"><h1>Served from my sandbox</h1><p id="js">no script</p><p id="fetched">nothing</p><script src="app.js"></script>',
    'style.css': 'h1 { color: rgb(0, 128, 0); }',
    'app.js': 'document.getElementById("js").textContent = "script ran"; fetch("data.txt").then((r) => r.text()).then((t) => { document.getElementById("fetched").textContent = t.trim(); });',
    'data.txt': 'fetched 42',
  };
  const write = Object.entries(files).map(([name, text]) => `echo ${Buffer.from(text).toString('base64')} | base64 -d > ~/www/${name}`).join(' && ');
  await lessonPage.keyboard.type(`mkdir -p ~/www && ${write} && cd ~/www && python3 -m http.server 8000`);
  await lessonPage.keyboard.press('Enter');
  const url = `${box.baseUrl}/preview/${lessonKey('containers/what-is-a-container')}/8000/`;
  // Python takes a moment to start on a busy machine: wait until the server answers, as a person would reload.
  await expect.poll(async () => (await context.request.get(url)).status(), { timeout: 30_000 }).toBe(200);

  const preview = await context.newPage();
  await preview.goto(url);
  await expect.poll(() => preview.getByRole('heading', { level: 1 }).innerText()).toBe('Served from my sandbox');
  // The visit was sent on to a ticketed address; the page's own requests got in with it.
  expect(preview.url()).toMatch(new RegExp(`/preview/${lessonKey('containers/what-is-a-container')}-[^/]+/8000/$`));
  await expect.poll(() => preview.locator('#js').innerText()).toBe('script ran');
  await expect.poll(() => preview.locator('#fetched').innerText()).toBe('fetched 42');
  expect(await preview.locator('h1').evaluate((h) => getComputedStyle(h).color)).toBe('rgb(0, 128, 0)');
  await screenshot(preview, 'web-preview');
  // The request shows up in the learner's terminal, like on any machine.
  await expect.poll(() => terminalText(lessonPage), { timeout: 10_000 }).toMatch(/"GET \/ HTTP\/1\.1" 200/);
  await context.close();
});
