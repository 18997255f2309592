/**
 * The Swarm lesson (content/05-orchestration/01-swarm) in Chromium, as a learner does it on three machines: the page's
 * three terminals (manager, worker1, worker2), the swarm formed by typing in each (the join token read off manager's
 * screen), a service of three tasks created on manager and seen spread over the three machines (`docker service
 * ps`), both exercises ticked by their checks. The lab is a warm one (BOXLAB_POOL_LABS), so the page's terminals
 * open in about a second. Screenshots go to test-results/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, screenshot, terminalText } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';

const NODES = ['manager', 'worker1', 'worker2'] as const;
type Node = (typeof NODES)[number];
const terminal = (node: Node) => `boxlab-terminal[data-node="${node}"][data-terminal="main"]`;

let step = 0;
/** Types a line into a node's terminal and waits for the marker echoed after it (the shell is done with it). */
async function type(page: Page, node: Node, line: string, timeout = 60_000): Promise<string> {
  const mark = 2000 + ++step;
  await page.locator(`${terminal(node)} .xterm`).click();
  await page.keyboard.type(`${line}; echo step-$((${mark}+0))`);
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page, terminal(node)), { timeout }).toMatch(new RegExp(`^step-${mark}\\s*$`, 'm'));
  return terminalText(page, terminal(node));
}

/** Checks until the exercise passes (an auto-check may be running when Check is pressed). */
async function passes(page: Page, exercise: string, timeout = 45_000): Promise<void> {
  const box = page.locator(`boxlab-exercise[data-exercise="${exercise}"]`);
  await box.scrollIntoViewIfNeeded();
  await expect
    .poll(
      async () => {
        if ((await box.getAttribute('data-passed')) === 'true') return true;
        await box.getByRole('button', { name: 'Check' }).click();
        return false;
      },
      { timeout, interval: 3000 },
    )
    .toBe(true);
}

describe('the Swarm lesson on three machines', () => {
  let box: RunningBoxlab;
  let browser: Browser;
  beforeAll(async () => {
    // The docker profile on elevated runc, as `npm test` and lesson CI run it; one lab kept ready.
    box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0', BOXLAB_POOL_LABS: 'orchestration/swarm=1' });
    await eventually(() => box.boxlab.manager.warmLabs({ profile: 'docker', nodes: [...NODES] }) === 1, 'a warm lab', 120_000, 250);
    browser = await launchBrowser();
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await box?.destroy();
  });

  it('forms the swarm by typing in each machine\'s terminal, and spreads a service over the three', { timeout: 150_000 }, async () => {
    // No second warm lab while the test runs: the machine is shared.
    await box.boxlab.manager.setLabPoolTarget({ profile: 'docker', nodes: [...NODES] }, 'config', 0);
    const { page } = await openPage(browser);
    await page.goto(`${box.baseUrl}/lessons/orchestration/swarm/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('A swarm of three machines');
    for (const node of NODES) {
      await page.locator(terminal(node)).scrollIntoViewIfNeeded();
      await expect.poll(() => terminalText(page, terminal(node)), { timeout: 60_000 }).toMatch(/learner@box-\w+:~\$/);
    }
    // Three machines, three hostnames.
    const hostnames = new Set<string>();
    for (const node of NODES) hostnames.add(/learner@(box-\w+):~\$/.exec(await terminalText(page, terminal(node)))![1]!);
    expect(hostnames.size).toBe(3);
    await page.locator(terminal('manager')).scrollIntoViewIfNeeded();
    await screenshot(page, 'swarm-three-terminals');

    // manager starts the swarm and shows the workers' token; each worker joins with it.
    await type(page, 'manager', 'docker swarm init --advertise-addr eth0 > /dev/null');
    const screen = await type(page, 'manager', 'docker swarm join-token -q worker');
    const token = /^(SWMTKN-1-[\w-]+)\s*$/m.exec(screen)?.[1];
    expect(token, 'the join token on manager\'s screen').toBeDefined();
    for (const worker of ['worker1', 'worker2'] as const) {
      await page.locator(terminal(worker)).scrollIntoViewIfNeeded();
      const out = await type(page, worker, `docker swarm join --token ${token} manager:2377`);
      expect(out).toMatch(/This node joined a swarm as a worker\./);
    }
    await screenshot(page, 'swarm-worker-joined');
    await page.locator(terminal('manager')).scrollIntoViewIfNeeded();
    const nodes = await type(page, 'manager', 'docker node ls --format "{{.Hostname}} {{.Status}}"');
    for (const h of hostnames) expect(nodes).toMatch(new RegExp(`^${h} Ready`, 'm'));
    await passes(page, 'form-swarm');

    // A service of three tasks, one per machine.
    await page.locator(terminal('manager')).scrollIntoViewIfNeeded();
    await type(page, 'manager', 'clear; docker service create --name web --replicas 3 --no-resolve-image --detach web > /dev/null');
    await type(page, 'manager', 'until [ "$(docker service ps web -f desired-state=running --format "{{.CurrentState}}" | grep -c ^Running)" = 3 ]; do sleep 1; done', 90_000);
    const spread = await type(page, 'manager', 'docker service ps web --format "{{.Name}} {{.Node}} {{.CurrentState}}"');
    const placed = new Set([...spread.matchAll(/^web\.\d (box-\w+) Running/gm)].map((m) => m[1]));
    expect(placed).toEqual(hostnames);
    await screenshot(page, 'swarm-service-spread');
    await passes(page, 'run-web');
    await page.locator('boxlab-exercise[data-exercise="run-web"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'swarm-exercises-passed');
  });
});
