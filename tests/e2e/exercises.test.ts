/**
 * A learner working through the fixture lesson in real Chromium: Run types into the terminal, Check fails,
 * they do the task by typing, Check passes; the next exercise ticks by itself (auto-check); the course
 * outline shows the tick and where to continue, and a reload keeps it. Quiz, hints, solution and search too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, screenshot, terminalText } from '../helpers/browser.ts';

let box: RunningBoxlab;
let browser: Browser;
let page: Page;

const LESSON_URL = '/lessons/fixtures/checks/';
const MAIN = 'boxlab-terminal[data-terminal="main"]';
const mainText = () => terminalText(page, MAIN);
const exercise = (id: string) => page.locator(`boxlab-exercise[data-exercise="${id}"]`);
// Results are polite live regions, not role=status: the terminal's status stays the page's one status.
const result = (id: string) => exercise(id).locator('.exercise-result');
const typeInTerminal = async (command: string) => {
  await page.locator(`${MAIN} .xterm`).click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
};

beforeAll(async () => {
  box = await startBoxlab();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

it('types a command into the terminal when Run is clicked, or pressed from the keyboard', async () => {
  await page.goto(`${box.baseUrl}${LESSON_URL}`);
  await expect.poll(() => mainText(), { timeout: 20_000 }).toMatch(/learner@box-\w+:~\$/);
  await expect.poll(() => page.locator(MAIN).getAttribute('data-state')).toBe('ready');

  await page.getByRole('button', { name: 'Run: echo fixture-$((40+2))' }).click();
  await expect.poll(() => mainText(), { timeout: 10_000 }).toMatch(/^fixture-42\s*$/m);

  await page.getByRole('button', { name: 'Run: echo fixture-$((40+2))' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await mainText()).match(/^fixture-42\s*$/gm)?.length ?? 0, { timeout: 10_000 }).toBe(2);
  await screenshot(page, 'lesson-run');
});

it('shows an SVG figure from the lesson folder', async () => {
  const figure = page.getByRole('img', { name: 'A box labelled: your sandbox' });
  await figure.scrollIntoViewIfNeeded();
  await expect.poll(() => figure.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
});

it('presses Ctrl-C first when asked, stopping what still runs', async () => {
  await page.getByRole('button', { name: 'Run: sleep 600' }).click();
  await expect.poll(() => mainText(), { timeout: 10_000 }).toMatch(/\$ sleep 600\s*$/);
  await page.getByRole('button', { name: 'Run: echo interrupted-$((7*6))' }).click();
  await expect.poll(() => mainText(), { timeout: 10_000 }).toMatch(/^interrupted-42\s*$/m);
});

it('fails the check, passes it once the learner has done the task, and ticks the lesson header', async () => {
  await exercise('make-file').getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => result('make-file').innerText(), { timeout: 15_000 }).toBe('Not yet: There is no ~/hello.txt yet.');

  await typeInTerminal('echo hello > ~/hello.txt');
  await exercise('make-file').getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => result('make-file').innerText(), { timeout: 15_000 }).toBe('Passed: hello.txt says hello.');
  await expect.poll(() => page.locator('[data-header-exercise="make-file"]').getAttribute('data-state')).toBe('done');
  await expect.poll(() => page.locator('[data-header-exercise="copy-secret"]').getAttribute('data-state')).toBe('new');
});

it('checks an open exercise by itself after the learner runs a command', async () => {
  await exercise('copy-secret').scrollIntoViewIfNeeded();
  await typeInTerminal('cp ~/.secret ~/answer.txt');
  // No Check click: the auto-check after Enter finds it solved.
  await expect.poll(() => result('copy-secret').innerText(), { timeout: 20_000 }).toBe('Passed: answer.txt holds the secret.');
  await expect.poll(() => page.locator('[data-header-exercise="copy-secret"]').getAttribute('data-state')).toBe('done');
  await screenshot(page, 'exercise-passed');
});

it('shows hints one at a time and the solution only after a second, deliberate click', async () => {
  const ex = exercise('make-file');
  await ex.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
  await expect.poll(() => ex.getByText('Use echo and a redirection.').isVisible()).toBe(true);
  await expect.poll(() => ex.getByText('echo hello > ~/hello.txt', { exact: true }).first().isVisible()).toBe(false);
  await ex.getByRole('button', { name: 'Show another hint (2 of 2)' }).click();
  await expect.poll(() => ex.locator('.exercise-hints li').nth(1).isVisible()).toBe(true);

  await ex.getByRole('button', { name: 'Show the solution' }).click();
  expect(await ex.locator('.exercise-solution').isVisible()).toBe(false);
  await ex.getByRole('button', { name: 'Yes, show me the solution' }).click();
  await expect.poll(() => ex.locator('.exercise-solution').isVisible()).toBe(true);
});

it('checks a quiz answer in the browser and explains it', async () => {
  const quiz = page.locator('boxlab-quiz');
  await quiz.getByLabel('On the server itself').check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await expect.poll(() => quiz.locator('.quiz-result').innerText()).toMatch(/Not quite/);
  await expect.poll(() => quiz.getByText('No: each learner gets a container of their own.').isVisible()).toBe(true);
  await quiz.getByLabel('In your own container').check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await expect.poll(() => quiz.locator('.quiz-result').innerText()).toBe('Correct!');
});

it('shows the tick and where to continue in the course outline, also after a reload', async () => {
  await page.getByRole('link', { name: 'Course' }).click();
  await page.waitForURL(`${box.baseUrl}/`);
  const item = page.locator('[data-outline-lesson="fixtures/checks"]');
  await expect.poll(() => item.getAttribute('data-state')).toBe('done');
  expect(await item.locator('.tick').innerText()).toBe('✓');
  expect(await item.innerText()).toMatch(/2\/2 exercises/);
  expect(await item.innerText()).toMatch(/\(completed\)/);
  // The fixture lesson is done, so "continue" points at the next unfinished lesson after it.
  await expect.poll(() => page.locator('[data-continue]').isVisible()).toBe(true);
  expect(await page.locator('[data-continue] a').getAttribute('href')).toBe('/lessons/fixtures/two-terminals/');
  await page.reload();
  await expect.poll(() => item.getAttribute('data-state')).toBe('done');
  await screenshot(page, 'outline-progress');

  await page.goto(`${box.baseUrl}${LESSON_URL}`);
  await expect.poll(() => page.locator('[data-header-exercise="make-file"]').getAttribute('data-state')).toBe('done');
  await expect.poll(() => exercise('make-file').getAttribute('data-passed')).toBe('true');
});

it('resets a lesson: fresh sandbox, ticks cleared', async () => {
  await expect.poll(() => mainText(), { timeout: 20_000 }).toMatch(/learner@box-(\w+):~\$/);
  const oldHost = /learner@box-(\w+)/.exec(await mainText())![1];
  await page.getByRole('button', { name: 'Reset this lesson' }).click();
  await page.getByRole('button', { name: /Really reset/ }).click();
  await expect.poll(() => page.locator('[data-header-exercise="make-file"]').getAttribute('data-state'), { timeout: 20_000 }).toBe('new');
  await expect.poll(async () => /learner@box-(\w+)/.exec(await mainText())?.[1], { timeout: 20_000 }).toMatch(/\w+/);
  expect(/learner@box-(\w+)/.exec(await mainText())![1]).not.toBe(oldHost);
  await exercise('make-file').getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => result('make-file').innerText(), { timeout: 15_000 }).toBe('Not yet: There is no ~/hello.txt yet.');
});

it('types into the named terminal when the page has several', async () => {
  await page.goto(`${box.baseUrl}/lessons/fixtures/two-terminals/`);
  const [left, right] = ['boxlab-terminal[data-terminal="left"]', 'boxlab-terminal[data-terminal="right"]'];
  for (const t of [left, right]) await expect.poll(() => page.locator(t).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  await page.getByRole('button', { name: 'Run in terminal “right”: echo in-right-$((7*6))' }).click();
  await expect.poll(() => terminalText(page, right), { timeout: 10_000 }).toMatch(/^in-right-42\s*$/m);
  await page.getByRole('button', { name: 'Run in terminal “left”: echo in-left-$((6*7))' }).click();
  await expect.poll(() => terminalText(page, left), { timeout: 10_000 }).toMatch(/^in-left-42\s*$/m);
  expect(await terminalText(page, left)).not.toMatch(/in-right-42/);
  expect(await terminalText(page, right)).not.toMatch(/in-left-42/);
});

it('searches the lessons (Pagefind over the static build)', async () => {
  await page.goto(`${box.baseUrl}/search/`);
  const input = page.getByPlaceholder('Search');
  await input.fill('redirection');
  await expect.poll(() => page.getByRole('link', { name: 'Fixture lesson' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
});
