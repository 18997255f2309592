/**
 * What a learner reads when the server cannot give them a terminal, in real Chromium: a lesson needing a profile
 * this server does not offer says so in the terminal's frame, in a sentence, and the page stops asking.
 */
import { expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.ts';
import { openPage, screenshot } from '../helpers/browser.ts';

// The test server offers no docker profile (no BOXLAB_DOCKER_ELEVATED): docker lessons are refused.
const suite = browserSuite();

it('says why a lesson cannot open here, and does not retry for ever', async () => {
  const { page } = await openPage(suite.browser);
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(suite.box.baseUrl + '/lessons/docker/container-lifecycle/');
  const status = page.getByRole('status').first();
  await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/does not offer the "docker" sandbox/);
  await expect.poll(() => page.locator('boxlab-terminal').getAttribute('data-state'), { timeout: 5_000 }).toBe('error');
  expect(sockets).toHaveLength(1);
  await screenshot(page, 'refusal-profile-unavailable');
});
