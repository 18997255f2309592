/**
 * In Chromium: the data-science capstone's notebook interface through the preview origin (BOXLAB_PREVIEW_ORIGIN).
 * The learner starts Jupyter in the terminal with the base URL the lesson shows, opens the lesson's link, opens a
 * notebook and runs a cell: its kernel's WebSocket and the interface's cookies work there.
 */
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, screenshot, terminalText } from '../helpers/browser.ts';

const LESSON = 'data-science/capstone';
let box: RunningBoxlab;
let browser: Browser;
let site: string;
let origin: string;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  // Two origins on one server: the site on 127.0.0.1, the previews on localhost.
  site = `http://127.0.0.1:${port}`;
  origin = `http://localhost:${port}`;
  box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0', PORT: String(port), BOXLAB_PREVIEW_ORIGIN: origin });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

it('runs a notebook cell through the preview origin', { timeout: 300_000 }, async () => {
  const context = await browser.newContext();
  const lessonPage = await context.newPage();
  await lessonPage.goto(`${site}/lessons/${LESSON}/`);
  // A docker sandbox takes a while to start on a busy machine.
  await expect.poll(() => terminalText(lessonPage).catch(() => ''), { timeout: 120_000 }).toMatch(/~\$/);
  const base = `/${lessonKey(LESSON)}/prefixed/8889/`;
  // The lesson shows the base URL next to its link.
  const link = lessonPage.locator(`a.preview-link[href$="${base.replace(`/${lessonKey(LESSON)}`, `/preview/${lessonKey(LESSON)}`)}"]`);
  await expect.poll(() => link.locator('xpath=following-sibling::span[1]').innerText()).toContain(base);
  await lessonPage.locator('boxlab-terminal .xterm').first().click();
  await lessonPage.keyboard.type(
    `docker run -d --name notebook-ui -p 127.0.0.1:8889:8888 -v "$HOME/project":/work datasci jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser --NotebookApp.token= --NotebookApp.base_url=${base}`,
  );
  await lessonPage.keyboard.press('Enter');

  // The lesson's link opens a tab: Boxlab sends it to the preview origin, which lets it in with a cookie of its own.
  const [preview] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await preview.waitForLoadState();
  expect(preview.url().startsWith(`${origin}${base}`)).toBe(true);
  // Jupyter takes a while to start on a busy machine: reload until its file list shows, as a person would.
  await expect
    .poll(
      async () => {
        if (await preview.locator('#notebook_list').count()) return true;
        await preview.reload().catch(() => undefined);
        return false;
      },
      { timeout: 120_000, interval: 2000 },
    )
    .toBe(true);
  await preview.goto(`${origin}${base}notebooks/explore.ipynb`);
  // The kernel is started and connected over its WebSocket through the preview.
  await expect.poll(() => preview.evaluate(() => (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }).Jupyter?.notebook?.kernel?.is_connected() ?? false), { timeout: 90_000 }).toBe(true);
  const cells = preview.locator('.code_cell');
  await preview.evaluate(() => (window as unknown as { Jupyter: { notebook: { insert_cell_at_bottom(t: string): unknown } } }).Jupyter.notebook.insert_cell_at_bottom('code'));
  // Pinned by index: running the last cell adds a new one below it.
  const cell = cells.nth((await cells.count()) - 1);
  await cell.locator('.CodeMirror').click();
  await preview.keyboard.type('import platform; print(6 * 7, "from", platform.node())');
  await preview.keyboard.press('Shift+Enter');
  await expect.poll(() => cell.locator('.output_area').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/^42 from \S+/);
  await screenshot(preview, 'notebook-preview');
  await context.close();
});
