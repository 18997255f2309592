/**
 * Take it home in real Chromium: a learner's lesson page, a file made in their sandbox, "Download my work" saves a
 * .tar.gz; unpacked, its Dockerfile builds on the host engine (offline: FROM the local debian:bookworm-slim, the
 * packages skipped with --build-arg PACKAGES=, as its README says) and the image holds the learner's file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { TEST_LABEL } from '../helpers/cleanup.ts';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';

const LESSON = 'fixtures/checks';
const TAG = `boxlab-test-take-home:${process.pid}`;
let box: RunningBoxlab;
let browser: Browser;

beforeAll(async () => {
  box = await startBoxlab();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await box?.destroy();
  try {
    execFileSync('docker', ['image', 'rm', '-f', TAG], { stdio: 'ignore' });
  } catch {
    // Not built (the test failed before): nothing to remove.
  }
});

it('downloads the learner\'s work, and its Dockerfile builds with their files in it', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${box.baseUrl}/lessons/${LESSON}/`);
  const learner = (await context.cookies()).find((c) => c.name === 'boxlab_learner')!.value.split('.')[0]!;
  const sandbox = await eventually(() => box.boxlab.manager.find(learner, LESSON), 'the learner\'s sandbox', 60_000);
  const made = await box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', 'mkdir -p ~/app && echo "taken home $((6*7))" > ~/app/note.txt'], user: 'learner', timeoutMs: 10_000 });
  expect(made.exitCode).toBe(0);

  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Download my work' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('boxlab-fixtures-checks.tar.gz');
  await expect.poll(() => page.locator('[data-take-home-status]').innerText(), { timeout: 15_000 }).toMatch(/Downloading your home folder/);
  await screenshot(page, 'take-home-download');
  const dir = mkdtempSync(join(tmpdir(), 'boxlab-e2e-take-home-'));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  expect(await download.failure()).toBeNull();
  execFileSync('tar', ['-xzf', file, '-C', dir]);
  expect(readFileSync(join(dir, 'learner', 'app', 'note.txt'), 'utf8')).toBe('taken home 42\n');
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('--build-arg PACKAGES=');

  // The host engine has no buildx: the classic builder, which uses the local base image without a registry.
  execFileSync('docker', ['build', '-q', '--build-arg', 'PACKAGES=', '--label', `${TEST_LABEL}=1`, '-t', TAG, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = execFileSync('docker', ['run', '--rm', '--label', `${TEST_LABEL}=1`, '--network', 'none', TAG, 'sh', '-c', 'id -un; cat ~/app/note.txt'], { timeout: 60_000 }).toString();
  expect(out).toBe('learner\ntaken home 42\n');
});

it('says why when there is nothing to take home yet', async () => {
  const { page } = await openPage(browser);
  // A page without a terminal would be the usual case; here the sandbox is removed under the page instead.
  await page.goto(`${box.baseUrl}/lessons/${LESSON}/`);
  const learner = (await page.context().cookies()).find((c) => c.name === 'boxlab_learner')!.value.split('.')[0]!;
  const sandbox = await eventually(() => box.boxlab.manager.find(learner, LESSON), 'the learner\'s sandbox', 60_000);
  await box.boxlab.manager.remove(sandbox, 'test');
  await page.getByRole('button', { name: 'Download my work' }).click();
  await expect.poll(() => page.locator('[data-take-home-status]').innerText(), { timeout: 15_000 }).toMatch(/no sandbox for this lesson/);
  expect(await page.locator('[data-take-home-status]').getAttribute('data-kind')).toBe('error');
});
