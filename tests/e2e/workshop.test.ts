/**
 * A classroom workshop in real Chromium, through its pages only: an instructor signs in and creates a workshop,
 * three learners join by its code and land on its first lesson, one solves an exercise by typing and the grid shows
 * it live; the instructor watches a terminal (the learner is told), broadcasts (banner and terminal), resets,
 * extends, ends (learners are told) and downloads the results. Refusals: a wrong code on the join page, a learner
 * on the instructor page. Screenshots of the join page, the grid and a learner's banner go to test-results/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, RESULTS_DIR, screenshot, terminalText } from '../helpers/browser.ts';

const TOKEN = 'instructor-token-for-e2e-tests-0123456789';
const LESSON = 'fixtures/checks';
const MAKE_FILE = `${LESSON}#make-file`;

let box: RunningBoxlab;
let browser: Browser;
let instructor: Page;
const learners: Record<'Alice' | 'Bob' | 'Carol', Page> = {} as never;
let code = '';

/** What the pages wait on (a server round trip, the engine) may take a while on a busy machine. */
const soon = <T>(value: () => Promise<T> | T) => expect.poll(value, { timeout: 15_000 });
const banner = (page: Page) => page.getByRole('region', { name: 'Your workshop' });
const gridRow = (name: string) => instructor.locator('[data-grid] tbody tr', { has: instructor.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
const cell = (name: string, key: string) => gridRow(name).locator(`td[data-key="${key}"]`);
const actionsStatus = () => instructor.locator('[data-actions-status]').innerText();
async function typeInTerminal(page: Page, command: string): Promise<void> {
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}
const checkButton = (page: Page) => page.locator('boxlab-exercise[data-exercise="make-file"]').getByRole('button', { name: 'Check' });
const checkResult = (page: Page) => page.locator('boxlab-exercise[data-exercise="make-file"] .exercise-result').innerText();

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_INSTRUCTOR_TOKENS: TOKEN });
  browser = await launchBrowser();
  instructor = (await openPage(browser)).page;
  for (const name of ['Alice', 'Bob', 'Carol'] as const) learners[name] = (await openPage(browser)).page;
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
});

describe('refusals', () => {
  it('shows a learner who opens /instructor/ the sign-in page, and refuses a wrong token with a sentence', async () => {
    const page = learners.Bob;
    await page.goto(`${box.baseUrl}/instructor/`);
    await soon(() => page.getByRole('heading', { name: 'Sign in as an instructor' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Workshops on this server' }).isVisible()).toBe(false);
    await page.getByLabel('Instructor token').fill('not-an-instructor-token-but-long-enough');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await soon(() => page.getByRole('alert').innerText()).toBe('That is not an instructor token of this server.');
    expect(await page.getByRole('heading', { name: 'Workshops on this server' }).isVisible()).toBe(false);
  });
});

describe('a workshop, from its pages', () => {
  it('signs the instructor in and creates a workshop: join link, the code in large letters, the QR code', async () => {
    await instructor.goto(`${box.baseUrl}/instructor/`);
    await instructor.getByLabel('Instructor token').fill(TOKEN);
    await instructor.getByRole('button', { name: 'Sign in' }).click();
    await soon(() => instructor.getByRole('heading', { name: 'Workshops on this server' }).isVisible()).toBe(true);
    await soon(() => instructor.getByText('No workshop yet').isVisible()).toBe(true);

    const form = instructor.locator('#create-form');
    await form.getByLabel('Title').fill('Containers 101');
    // Chosen lessons, in order: the fixture lesson is added second and moved up to be first.
    await form.getByLabel('Lessons I choose, in order').check();
    await form.getByLabel('Lesson', { exact: true }).selectOption({ label: 'What is a container?' });
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByLabel('Lesson', { exact: true }).selectOption(LESSON);
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByRole('button', { name: 'Move Fixture lesson up' }).click();
    expect(await form.locator('[data-chosen] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['lesson']))).toEqual([LESSON, 'containers/what-is-a-container']);
    // Keyboard: the moved lesson's other button keeps the focus.
    expect(await instructor.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Fixture lesson down');
    await form.getByLabel('Places', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Create workshop' }).click();

    const created = instructor.getByRole('region', { name: /Workshop created/ });
    await soon(() => created.isVisible()).toBe(true);
    code = (await created.getByLabel('Join code').innerText()).replace('-', '');
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    expect(await created.locator('[data-share-link]').getAttribute('href')).toBe(`${box.baseUrl}/join/?code=${code}`);
    const qr = created.getByRole('img', { name: 'QR code of the join link' });
    await soon(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await soon(() => instructor.locator('[data-workshop-list] tbody tr').count()).toBe(1);
    await screenshot(instructor, 'workshop-created');
  });

  it('tells a learner a wrong code in the server’s words, on the join page', async () => {
    const page = learners.Alice;
    await page.goto(`${box.baseUrl}/join/`);
    await page.getByLabel('Workshop code').fill('ZZZ-ZZZ');
    await page.getByLabel('Your name').fill('Alice');
    await page.getByRole('button', { name: 'Join' }).click();
    await soon(() => page.getByRole('alert').innerText()).toBe('No workshop has this code. Check it with your instructor: it is 6 letters and digits.');
    expect(await page.getByRole('button', { name: 'Join' }).isEnabled()).toBe(true);
    await screenshot(page, 'workshop-join');
  });

  it('lets three learners join by code and land on the first lesson, which shows the workshop and its end', async () => {
    // Alice follows the join link (code filled in); Bob and Carol type it as they heard it.
    await learners.Alice.goto(`${box.baseUrl}/join/?code=${code}`);
    expect(await learners.Alice.getByLabel('Workshop code').inputValue()).toBe(code);
    for (const name of ['Bob', 'Carol'] as const) {
      await learners[name].goto(`${box.baseUrl}/join/`);
      await learners[name].getByLabel('Workshop code').fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3).toLowerCase()}`);
    }
    for (const [name, page] of Object.entries(learners)) {
      await page.getByLabel('Your name').fill(name);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.waitForURL(`${box.baseUrl}/lessons/${LESSON}/`);
    }
    for (const page of Object.values(learners)) {
      await soon(() => banner(page).isVisible()).toBe(true);
      // It ends three hours after it started (the form's default), counted down in minutes.
      expect(await banner(page).innerText()).toMatch(/Workshop: Containers 101\s+ends in (2 h 5\d|3 h 00) min/);
      await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/learner@box-\w+:~\$/);
    }
  });

  it('shows a pass on the live grid without a reload, with the summary row and a failing learner', async () => {
    await instructor.getByRole('link', { name: 'Open its live grid' }).click();
    await instructor.waitForURL(/\/instructor\/workshop\/\?id=/);
    await soon(() => instructor.locator('[data-grid] tbody tr').count()).toBe(3);
    await soon(() => instructor.locator('[data-grid-live]').getAttribute('data-live')).toBe('true');
    // A mark on the page: still there at the end means no reload happened.
    await instructor.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

    await typeInTerminal(learners.Alice, 'echo hello > ~/hello.txt');
    await checkButton(learners.Alice).click();
    await soon(() => checkResult(learners.Alice)).toMatch(/^Passed/);
    await checkButton(learners.Bob).click();
    await soon(() => checkResult(learners.Bob)).toMatch(/^Not yet/);

    await soon(() => cell('Alice', MAKE_FILE).getAttribute('data-cell')).toBe('passed');
    await soon(() => cell('Bob', MAKE_FILE).innerText()).toMatch(/✗ 1/);
    expect(await cell('Carol', MAKE_FILE).getAttribute('data-cell')).toBe('todo');
    expect(await instructor.locator(`[data-summary="${MAKE_FILE}"]`).innerText()).toBe('1 of 3');
    expect(await gridRow('Alice').innerText()).toMatch(/Fixture lesson\s+Copy ~\/.secret to ~\/answer.txt/);
    // Time on the current exercise ticks between grids.
    const time = gridRow('Bob').locator('.workshop-grid-time');
    const first = await time.innerText();
    await soon(() => time.innerText()).not.toBe(first);
    expect(await instructor.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);

    // Sort and filter.
    await instructor.getByLabel('Sort by').selectOption('progress');
    await soon(() => instructor.locator('[data-grid] tbody th').first().innerText()).toMatch(/^Alice/);
    await instructor.getByLabel('Filter').fill('car');
    await soon(() => instructor.locator('[data-grid] tbody tr').count()).toBe(1);
    expect(await instructor.locator('[data-grid-count]').innerText()).toMatch(/^3 learners \(1 shown\)/);
    await instructor.getByLabel('Filter').fill('');
    await soon(() => instructor.locator('[data-grid] tbody tr').count()).toBe(3);

    // Bob's last checks, with what the check said.
    await instructor.getByRole('button', { name: 'Last checks of Bob' }).click();
    const checks = instructor.getByRole('dialog', { name: 'Last checks of Bob' });
    await soon(() => checks.innerText()).toMatch(/Create hello.txt\s+failed\s+There is no ~\/hello.txt yet/);
    await checks.getByRole('button', { name: 'Close' }).click();

    await instructor.getByRole('button', { name: 'Pre-warm now' }).click();
    await soon(() => instructor.locator('[data-prewarm]').innerText()).toMatch(/^Pre-warm: \d+ wanted, \d+ ready \(this host can hold up to \d+ ready\)\.$/);
    await instructor.getByRole('heading', { name: 'Learners' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await instructor.locator('.workshop-grid-scroll').evaluate((box) => (box.scrollLeft = 0));
    await screenshot(instructor, 'workshop-grid');
  });

  it('watches a learner’s terminal read-only: the instructor sees their typing, the learner sees they are watched', async () => {
    const watch = instructor.getByRole('button', { name: "Watch Alice's terminal" });
    await soon(() => watch.isEnabled()).toBe(true);
    await watch.click();
    const dialog = instructor.getByRole('dialog', { name: /Watching Alice/ });
    await soon(() => dialog.getByRole('status').innerText()).toBe('Watching (read-only).');
    const watched = banner(learners.Alice).getByText('Your instructor is watching your terminal');
    await soon(() => watched.isVisible()).toBe(true);
    expect(await banner(learners.Bob).getByText('Your instructor is watching').isVisible()).toBe(false);

    await typeInTerminal(learners.Alice, 'echo watched-$((3*3))');
    await soon(() => terminalText(instructor, '#watch-dialog boxlab-terminal')).toMatch(/^watched-9\s*$/m);
    await screenshot(instructor, 'workshop-watch');
    await screenshot(learners.Alice, 'workshop-learner-watched');
    // Keyboard: the read-only terminal does not keep Tab or Escape; Escape closes the dialog.
    await instructor.locator('#watch-dialog .xterm').click();
    await instructor.keyboard.press('Tab');
    expect(await instructor.evaluate(() => document.activeElement?.closest('.xterm') === null)).toBe(true);
    await instructor.locator('#watch-dialog .xterm').click();
    await instructor.keyboard.press('Escape');
    await soon(() => dialog.isVisible()).toBe(false);
    await soon(() => watched.isVisible()).toBe(false);
  });

  it('broadcasts a message: every learner sees it in the banner and as a line in the terminal, which still works', async () => {
    await instructor.getByLabel('Message to every learner').fill('Break in 5 minutes');
    await instructor.getByRole('button', { name: 'Send to everyone' }).click();
    await soon(actionsStatus).toBe('Sent to every learner.');
    for (const page of Object.values(learners)) {
      await soon(() => banner(page).innerText()).toMatch(/Instructor, \d\d?:\d\d( [AP]M)?: Break in 5 minutes/);
      await soon(() => terminalText(page)).toMatch(/^Message from your instructor: Break in 5 minutes\s*$/m);
    }
    // The line is the page's own: the prompt is still below it and the shell answers.
    await typeInTerminal(learners.Alice, 'echo after-$((2+3))');
    await soon(() => terminalText(learners.Alice)).toMatch(/^after-5\s*$/m);
    const lines = (await terminalText(learners.Alice)).split('\n');
    const notice = lines.findIndex((l) => l.startsWith('Message from your instructor'));
    expect(lines[notice + 1]).toMatch(/\$ echo after-\$\(\(2\+3\)\)/);
    await screenshot(learners.Alice, 'workshop-learner-banner');
  });

  it('extends one learner’s sandbox and everyone’s, and resets a learner’s sandbox after asking', async () => {
    await instructor.getByRole('button', { name: "Extend Alice's sandbox" }).click();
    await soon(actionsStatus).toBe('Alice: 1 sandbox extended.');
    await instructor.getByRole('button', { name: "Extend everyone's sandbox" }).click();
    await soon(actionsStatus).toBe('Extended 3 sandboxes.');

    await instructor.getByRole('button', { name: "Reset Carol's sandbox" }).click();
    const confirm = instructor.getByRole('dialog', { name: "Reset Carol's sandbox?" });
    await soon(() => confirm.isVisible()).toBe(true);
    // Cancel first: nothing happens (had it reset, the reset below would find no sandbox to remove).
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await soon(() => confirm.isVisible()).toBe(false);
    await instructor.getByRole('button', { name: "Reset Carol's sandbox" }).click();
    await confirm.getByRole('button', { name: 'Reset the sandbox' }).click();
    await soon(actionsStatus).toBe('Carol: 1 sandbox removed.');
    await soon(() => learners.Carol.locator('boxlab-terminal').getAttribute('data-state')).toBe('expired');
    expect(await learners.Carol.getByRole('status').first().innerText()).toMatch(/reset by the instructor/);
    await soon(() => gridRow('Carol').innerText()).toMatch(/no sandbox/);
  });

  it('ends the workshop after asking: learners are told, their terminals close, the actions are off', async () => {
    await instructor.getByRole('button', { name: 'End the workshop' }).click();
    await instructor.getByRole('dialog', { name: /End “Containers 101” now/ }).getByRole('button', { name: 'End the workshop' }).click();
    await soon(actionsStatus).toMatch(/^The workshop has ended: \d+ sandbox(es)? removed\.$/);
    for (const name of ['Alice', 'Bob'] as const) {
      await soon(() => banner(learners[name]).innerText()).toMatch(/has ended.*Your instructor ended the workshop/s);
      await soon(() => learners[name].locator('boxlab-terminal').getAttribute('data-state')).toBe('expired');
    }
    await soon(() => instructor.locator('[data-workshop-state]').innerText()).toBe('ended');
    expect(await instructor.getByRole('button', { name: 'End the workshop' }).isDisabled()).toBe(true);
    expect(await instructor.getByRole('button', { name: "Watch Alice's terminal" }).isDisabled()).toBe(true);
    expect(box.boxlab.manager.list().filter((s) => s.lesson === LESSON)).toHaveLength(0);
  });

  it('downloads the results as CSV: one row per learner, with the pass', async () => {
    const [download] = await Promise.all([instructor.waitForEvent('download'), instructor.getByRole('link', { name: 'Download results (CSV)' }).click()]);
    const path = `${RESULTS_DIR}/workshop-results.csv`;
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^name,joined_at,lesson,exercise,passed_count,${MAKE_FILE},`));
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('Alice,'))).toMatch(new RegExp(`^Alice,[^,]+,${LESSON},copy-secret,1,1,`));
    expect(lines.find((l) => l.startsWith('Bob,'))).toMatch(/,0,0,/);
  });
});
