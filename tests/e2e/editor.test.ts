/**
 * The editor in real Chromium: CodeMirror is not loaded until the learner opens the editor; a file of their home is
 * opened from the tree, edited, saved and `cat` in the terminal shows it; changed in the terminal meanwhile, a save
 * shows the conflict (reload or keep mine), and neither choice loses a change silently.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { screenshot, terminalText } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical accessibility violations inside the editor panel (axe-core, as tests/e2e/a11y.test.ts). */
async function panelViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Element, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document.querySelector('.editor-panel')!, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

const suite = browserSuite();
const LESSON = 'fixtures/checks';

it('opens, edits and saves a file; a change made in the terminal meanwhile is a conflict, not overwritten', async () => {
  // bypassCSP: only so the test can inject axe-core; the page's own scripts are the built site's.
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(`${suite.box.baseUrl}/lessons/${LESSON}/`);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/learner@box-\w+:~\$/);
  const learner = (await context.cookies()).find((c) => c.name === 'boxlab_learner')!.value.split('.')[0]!;
  const sandbox = await eventually(() => suite.box.boxlab.manager.find(learner, LESSON), "the learner's sandbox", 30_000);
  const sh = async (cmd: string) => (await suite.box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', cmd], user: 'learner', timeoutMs: 10_000 })).output;
  await sh('mkdir -p ~/app && printf "FROM debian\\n" > ~/app/Dockerfile');
  // Nothing of the editor but its loader came with the page.
  expect(scripts.filter((u) => /editor-panel|codemirror/i.test(u))).toEqual([]);

  await page.getByRole('button', { name: 'Open the editor' }).click();
  const tree = page.getByRole('navigation', { name: 'Files in your home folder' });
  await tree.getByRole('button', { name: /app/ }).click();
  await tree.getByRole('button', { name: 'Dockerfile' }).click();
  const code = page.locator('.editor-panel .cm-content');
  // The text as the editor holds it: its lines, joined.
  const text = async () => (await code.locator('.cm-line').allTextContents()).join('\n');
  await expect.poll(text, { timeout: 10_000 }).toBe('FROM debian\n');
  expect(scripts.some((u) => /editor-panel/.test(u))).toBe(true);

  await code.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('RUN echo saved-from-editor\n');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const status = page.locator('.editor-status');
  await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('Saved ~/app/Dockerfile.');

  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('cat ~/app/Dockerfile');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^RUN echo saved-from-editor$/m);
  await page.keyboard.type('echo x >> ~/app/Dockerfile');
  await page.keyboard.press('Enter');
  await eventually(async () => (await sh('tail -n1 ~/app/Dockerfile')) === 'x\n', 'the terminal\'s change', 10_000);

  // Saving now would overwrite the terminal's change: the panel asks instead.
  await code.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' # mine');
  await page.keyboard.press('Control+s');
  const conflict = page.getByRole('alert');
  await expect.poll(() => conflict.innerText(), { timeout: 10_000 }).toMatch(/changed in your sandbox since you opened it/);
  expect(await sh('tail -n1 ~/app/Dockerfile')).toBe('x\n');
  await screenshot(page, 'editor-conflict');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await panelViolations(page), `the editor panel in the ${theme} theme`).toEqual([]);
  }
  await screenshot(page, 'editor-conflict-dark');

  // Reload: the terminal's version, shown in the editor.
  await conflict.getByRole('button', { name: 'Reload from the sandbox' }).click();
  await expect.poll(text, { timeout: 10_000 }).toBe('FROM debian\nRUN echo saved-from-editor\nx\n');

  // Changed again, then keep mine: written over, deliberately.
  await sh('echo y >> ~/app/Dockerfile');
  await code.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('RUN echo mine');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => conflict.isVisible(), { timeout: 10_000 }).toBe(true);
  await conflict.getByRole('button', { name: 'Keep mine and overwrite' }).click();
  await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('Saved ~/app/Dockerfile.');
  expect(await sh('cat ~/app/Dockerfile')).toBe('FROM debian\nRUN echo saved-from-editor\nx\nRUN echo mine');
  await screenshot(page, 'editor-saved');

  // A lesson's <Editor open>: a file that does not exist yet opens empty, and Save creates it.
  await page.getByRole('button', { name: 'Open ~/app/new.py in the editor' }).click();
  await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('~/app/new.py does not exist yet: Save creates it.');
  await page.keyboard.type('print(6 * 7)\n');
  await page.keyboard.press('Control+s');
  await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('Saved ~/app/new.py.');
  expect(await sh('cat ~/app/new.py')).toBe('print(6 * 7)\n');
  // Python is highlighted: the editor's tokens carry classes.
  expect(await code.locator('.cm-line span[class]').count()).toBeGreaterThan(0);

  // <Run save>: what the editor holds is saved, then the command runs on it.
  await page.keyboard.type('print("saved by Run")');
  await expect.poll(() => page.locator('.editor-path').innerText()).toBe('~/app/new.py (not saved)');
  await page.getByRole('button', { name: 'Save and run: python3 ~/app/new.py' }).click();
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^42\nsaved by Run$/m);
  await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('Saved ~/app/new.py.');
});
