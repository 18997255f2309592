/**
 * The terminal as a person uses it, in real Chromium: a reload brings back the same screen (a running
 * `top` included), two terminals on one page are two shells of one sandbox, keyboard copy and paste,
 * a visible focus, the screen-reader mode toggle, and a renderer that falls back cleanly.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot, terminalText } from '../helpers/browser.ts';

const suite = browserSuite();
const LESSON = '/lessons/containers/what-is-a-container/';

const prompt = /learner@box-\w+:~\$/;
const waitForPrompt = (page: Page, which?: string) => expect.poll(() => terminalText(page, which), { timeout: 30_000 }).toMatch(prompt);
const typeLine = async (page: Page, line: string) => {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
};

it('shows the same screen after a reload, a running top included', async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(suite.box.baseUrl + LESSON);
  await waitForPrompt(page);
  await page.locator('boxlab-terminal .xterm').click();
  await typeLine(page, 'echo MARKER-$((6*7))');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^MARKER-42\s*$/m);

  await page.reload();
  await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 20_000 }).toBe('Connected');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^MARKER-42\s*$/m);

  await page.locator('boxlab-terminal .xterm').click();
  await typeLine(page, 'top -d 1');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/PID\s+USER/);
  await page.reload();
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/PID\s+USER/);
  expect(await terminalText(page)).toMatch(/^top - /m);
  await screenshot(page, 'terminal-top-after-reload');
  // Still the live program: q quits it and the prompt comes back.
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.press('q');
  await expect.poll(async () => (await terminalText(page)).trimEnd(), { timeout: 10_000 }).toMatch(/\$$/);
});

it('runs two terminals on one page as two shells of one sandbox', async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(suite.box.baseUrl + '/fixtures/two-terminals/');
  const server = 'boxlab-terminal[data-terminal="server"]';
  const client = 'boxlab-terminal[data-terminal="client"]';
  await waitForPrompt(page, server);
  await waitForPrompt(page, client);
  // The layout placed no default terminal: exactly the two the page asked for.
  expect(await page.locator('boxlab-terminal').count()).toBe(2);

  await page.locator(`${server} .xterm`).click();
  await typeLine(page, 'echo SERVER-PID=$$ HOST=$(hostname)');
  await page.locator(`${client} .xterm`).click();
  await typeLine(page, 'echo CLIENT-PID=$$ HOST=$(hostname)');
  const line = (re: RegExp) => async (which: string) => re.exec(await terminalText(page, which))?.slice(1);
  await expect.poll(() => line(/^SERVER-PID=(\d+) HOST=(\S+)/m)(server), { timeout: 10_000 }).toBeTruthy();
  await expect.poll(() => line(/^CLIENT-PID=(\d+) HOST=(\S+)/m)(client), { timeout: 10_000 }).toBeTruthy();
  const [serverPid, serverHost] = (await line(/^SERVER-PID=(\d+) HOST=(\S+)/m)(server))!;
  const [clientPid, clientHost] = (await line(/^CLIENT-PID=(\d+) HOST=(\S+)/m)(client))!;
  expect(serverHost).toBe(clientHost);
  expect(serverPid).not.toBe(clientPid);
  // Each terminal shows its own shell only.
  expect(await terminalText(page, server)).not.toContain('CLIENT-PID');
  await screenshot(page, 'two-terminals');
});

it('copies with Ctrl+Shift+C, pastes with Ctrl+Shift+V, and shows which terminal has the focus', async () => {
  const { page } = await openPage(suite.browser);
  await page.goto(suite.box.baseUrl + LESSON);
  await waitForPrompt(page);
  const terminal = page.locator('boxlab-terminal');
  await terminal.locator('.xterm').click();
  expect(await terminal.evaluate((el) => el.matches(':focus-within'))).toBe(true);
  expect(await terminal.evaluate((el) => getComputedStyle(el).outlineColor)).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);

  await typeLine(page, 'echo COPY-ME-$((100+23))');
  const row = page.locator('boxlab-terminal .xterm-rows > div').filter({ hasText: /^COPY-ME-123\s*$/ });
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  // The mouse selects a word with a double click (xterm's screen layer takes the pointer, not the row).
  const at = (await row.boundingBox())!;
  await page.mouse.dblclick(at.x + 10, at.y + at.height / 2);
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('COPY-ME-123');

  await page.evaluate(() => navigator.clipboard.writeText('echo PASTED-$((1+1))'));
  await terminal.locator('.xterm').click();
  await page.keyboard.press('Control+Shift+V');
  // Reading the clipboard is asynchronous: Enter once the text is on the command line.
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/echo PASTED-\$\(\(1\+1\)\)/);
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^PASTED-2\s*$/m);
  // Pasted once, not twice.
  expect((await terminalText(page)).match(/echo PASTED/g)).toHaveLength(1);
});

it('offers a screen-reader mode and falls back to the DOM renderer without WebGL', async () => {
  const { page } = await openPage(suite.browser, { renderer: 'auto' });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(suite.box.baseUrl + LESSON);
  await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 }).toBe('Connected');
  // Headless Chromium with --disable-gpu: whichever renderer it got, the terminal works.
  const renderer = await page.locator('boxlab-terminal').getAttribute('data-renderer');
  expect(['webgl', 'dom']).toContain(renderer);

  const toggle = page.getByRole('button', { name: 'Screen reader mode' });
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  await toggle.click();
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  // The accessibility tree mirrors the rows as text a screen reader can read.
  await expect.poll(() => page.locator('boxlab-terminal .xterm-accessibility-tree').innerText(), { timeout: 10_000 }).toMatch(prompt);
  await page.keyboard.type('echo SPOKEN-$((2+2))');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('boxlab-terminal .xterm-accessibility-tree').innerText(), { timeout: 10_000 }).toMatch(/SPOKEN-4/);
  // The choice is remembered across reloads.
  await page.reload();
  expect(await page.getByRole('button', { name: 'Screen reader mode' }).getAttribute('aria-pressed')).toBe('true');
  expect(errors).toEqual([]);
});
