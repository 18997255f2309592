/**
 * A learner walks one real lesson of each sandbox profile in Chromium: opens it from the course outline, solves
 * every exercise by typing in the terminal (what the lesson's solution scripts do), sees each exercise tick, then
 * the "All exercises passed. Next: …" notice, follows it, and finds the module's progress on the outline. Also:
 * every course diagram is on its lesson page as a picture with its alt text. Screenshots go to test-results/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, openPage, RESULTS_DIR, screenshot, terminalText } from '../helpers/browser.ts';

const MAIN = 'boxlab-terminal[data-terminal="main"]';

/** A learner on one page: types into the lesson's terminal and checks exercises as a person would. */
class Learner {
  private step = 0;
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string, outlineLink: string, promptTimeout: number): Promise<void> {
    await this.page.goto(baseUrl);
    await this.page.getByRole('link', { name: outlineLink, exact: true }).click();
    await expect.poll(() => this.page.getByRole('heading', { level: 1 }).innerText()).toBe(outlineLink);
    await expect.poll(() => terminalText(this.page, MAIN), { timeout: promptTimeout }).toMatch(/learner@box-\w+:~\$/);
    await expect.poll(() => this.page.locator(MAIN).getAttribute('data-state')).toBe('ready');
  }

  /**
   * Types each line and presses Enter, one at a time: each line ends with an echo whose output (not its echoed
   * command line) says the shell is done with it, and only then is the next line typed, as a learner waits for the
   * prompt (typed ahead, keystrokes would be echoed into the running command's output).
   */
  async type(lines: string[], timeout = 30_000): Promise<void> {
    await this.page.locator(`${MAIN} .xterm`).click();
    for (const line of lines) {
      const mark = 1000 + ++this.step;
      await this.page.keyboard.type(`${line}${line.endsWith('&') ? '' : ';'} echo step-$((${mark}+0))`);
      await this.page.keyboard.press('Enter');
      await expect.poll(() => terminalText(this.page, MAIN), { timeout }).toMatch(new RegExp(`^step-${mark}\\s*$`, 'm'));
    }
  }

  /** Checks until the exercise passes (an auto-check may be running when Check is pressed), then its header tick. */
  async passes(exercise: string, timeout = 30_000): Promise<void> {
    const box = this.page.locator(`boxlab-exercise[data-exercise="${exercise}"]`);
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
    await expect.poll(() => box.locator('.exercise-result').innerText()).toMatch(/^Passed: /);
    await expect.poll(() => this.page.locator(`[data-header-exercise="${exercise}"]`).getAttribute('data-state')).toBe('done');
  }

  /** The notice a finished lesson shows, its link the same as the pager's next; followed, it opens that lesson. */
  async followsNext(shot: string): Promise<string> {
    const notice = this.page.locator('[data-lesson-complete]');
    await expect.poll(() => notice.isVisible()).toBe(true);
    const link = notice.getByRole('link');
    const text = await link.innerText();
    expect(text).toMatch(/^Next: .+ →$/);
    const href = await link.getAttribute('href');
    expect(href).toBe(await this.page.locator('.pager a[rel="next"]').getAttribute('href'));
    expect(await this.page.locator('.pager').getAttribute('data-lesson-done')).toBe('true');
    await screenshot(this.page, shot);
    await this.page.locator('.pager').scrollIntoViewIfNeeded();
    await screenshot(this.page, `${shot}-pager`);
    const title = text.replace(/^Next: /, '').replace(/ →$/, '');
    await link.click();
    await this.page.waitForURL((url) => url.pathname === href);
    await expect.poll(() => this.page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    return title;
  }
}

/** The outline's "N / M exercises" and bar for one course (module). */
async function moduleProgress(page: Page, baseUrl: string, course: string): Promise<{ text: string; value: number; max: number }> {
  await page.goto(baseUrl);
  const box = page.locator(`nav[data-course="${course}"] [data-course-progress]`);
  await expect.poll(() => box.locator('progress').isVisible()).toBe(true);
  return {
    text: await box.locator('.course-count').innerText(),
    value: await box.locator('progress').evaluate((p: HTMLProgressElement) => p.value),
    max: await box.locator('progress').evaluate((p: HTMLProgressElement) => p.max),
  };
}

async function expectModuleProgress(page: Page, baseUrl: string, course: string, passed: number): Promise<void> {
  const p = await moduleProgress(page, baseUrl, course);
  expect(p.max).toBeGreaterThanOrEqual(passed);
  expect(p).toEqual({ text: `${passed} / ${p.max} exercises`, value: passed, max: p.max });
}

describe('a shell lesson and the vm lesson', () => {
  let box: RunningBoxlab;
  let browser: Browser;
  beforeAll(async () => {
    box = await startBoxlab({ BOXLAB_POOL_SHELL: '1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await box?.destroy();
  });

  it('shows every course diagram on its lesson page, as a picture with its alt text', async () => {
    const { page } = await openPage(browser);
    // The figures need no sandbox: the terminal's socket is answered by nobody, so no sandbox is started.
    await page.routeWebSocket('**/ws/terminal', () => undefined);
    const figures: [lesson: string, diagram: string, alt: RegExp][] = [
      ['containers/what-is-a-container', 'namespaces-as-views', /^Two containers, web and job, each with their own hostname/],
      ['containers/containers-vs-vms', 'vm-vs-container', /^Two stacks side by side\. Virtual machines: hardware/],
      ['containers/images-and-layers', 'union-fs-layers', /^Three read-only image layers/],
      ['containers/limits-and-cgroups', 'cgroups-as-budgets', /^The root cgroup is the whole machine/],
      ['docker/first-image-and-container', 'image-life', /^On your machine, docker build turns a Dockerfile/],
      ['docker/container-lifecycle', 'container-states', /^A container's states/],
      ['docker/dockerfiles', 'union-fs-layers', /^Image layers: FROM debian/],
      ['docker/tags-and-registries', 'image-life', /^On your machine, docker build/],
    ];
    for (const [lesson, diagram, alt] of figures) {
      await page.goto(`${box.baseUrl}/lessons/${lesson}/`);
      const img = page.locator('figure.figure svg').and(page.getByRole('img', { name: alt }));
      const figure = img.locator('xpath=..');
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.isVisible()).toBe(true);
      const size = await img.boundingBox();
      expect(size?.width ?? 0, `${lesson}: ${diagram} is drawn at a readable width`).toBeGreaterThan(300);
      expect(size?.height ?? 0).toBeGreaterThan(150);
      await figure.screenshot({ path: `${RESULTS_DIR}/figure-${diagram}-in-${lesson.replace('/', '--')}.png` });
    }
  });

  it('walks What is a container?, solving by typing, to the next lesson', { timeout: 150_000 }, async () => {
    const { page } = await openPage(browser);
    const learner = new Learner(page);
    await expectModuleProgress(page, box.baseUrl, 'containers', 0);
    await learner.open(box.baseUrl, 'What is a container?', 30_000);

    await page.getByRole('img', { name: /^Two containers, web and job/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'walk-shell-figure');

    await learner.type(['mkdir -p ~/answers', 'hostname > ~/answers/hostname.txt']);
    await learner.passes('hostname');
    await learner.type(['sleep 1000 &', 'echo $! > ~/answers/sleep-pid.txt']);
    await learner.passes('sleep-pid');
    await learner.type(['cd ~ && python3 -m http.server 8000 > /dev/null 2>&1 &', 'until curl -s -m 1 localhost:8000 > /dev/null; do sleep 0.2; done']);
    await learner.passes('own-port');

    expect(await learner.followsNext('walk-shell-next')).toBe('Containers and virtual machines');
    await expectModuleProgress(page, box.baseUrl, 'containers', 3);
    await screenshot(page, 'walk-outline-progress');
  });

  it('walks Boot a virtual machine, booting emulated VMs by typing, to the next lesson', { timeout: 540_000 }, async () => {
    const { page } = await openPage(browser);
    const learner = new Learner(page);
    await learner.open(box.baseUrl, 'Boot a virtual machine', 60_000);

    // Emulated boots on a busy machine take from seconds to minutes: each waits up to 200 s (boxlab-vm --run itself
    // gives up after three minutes). The VM the checks look for is started right before them, so it is still up.
    const boot = 200_000;
    await learner.type(['mkdir -p ~/answers', "boxlab-vm --run 'uname -r' > ~/answers/vm-kernel.txt"], boot);
    await learner.type(["boxlab-vm --run 'sleep 170' > /dev/null 2>&1 &", 'until pgrep -x qemu-system-x86 > /dev/null; do sleep 0.5; done']);
    await learner.passes('vm-kernel');
    await learner.type(['pgrep -n -x qemu-system-x86 > ~/answers/qemu-pid.txt']);
    await learner.passes('qemu-pid');
    await learner.type(['boxlab-vm --run ps > ~/answers/vm-ps.txt'], boot);
    await learner.passes('vm-processes');

    expect(await learner.followsNext('walk-vm-next')).toBe('Define a virtual machine');
    await expectModuleProgress(page, box.baseUrl, 'virtual-machines', 3);
  });
});

describe('a docker lesson', () => {
  let box: RunningBoxlab;
  let browser: Browser;
  beforeAll(async () => {
    // The docker profile on elevated runc, as `npm test` and lesson CI run it (docs/operators.md). No warm pool: the
    // learner's sandbox is made when they arrive, and the lesson's setup must wait for its engine.
    box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await box?.destroy();
  });

  it("walks A container's life with the docker CLI, to the next lesson", { timeout: 240_000 }, async () => {
    const { page } = await openPage(browser);
    const learner = new Learner(page);
    await learner.open(box.baseUrl, "A container's life", 90_000);

    await page.getByRole('img', { name: /^A container's states/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'walk-docker-figure');

    await learner.type(["docker run -d --name clock busybox sh -c 'while true; do date; sleep 1; done'", 'sleep 3', 'docker logs clock']);
    await learner.passes('run-clock');
    await learner.type(['docker stop -t 1 clock', 'docker start clock', 'docker logs -t --tail 5 clock']);
    await learner.passes('restart-clock');
    await learner.type(['docker exec -d clock sleep 600', 'docker exec clock ps -o pid,ppid,args']);
    await learner.passes('exec-sleep');
    // The lesson's setup left stopped containers and an image to clean up (it ran once the sandbox's engine was up).
    await learner.type(["docker ps -a --format '{{.Names}}' | sort | paste -sd ' '"]);
    expect(await terminalText(page, MAIN)).toMatch(/^clock failed first leftover-run never-started\s*$/m);
    // docker rm refuses the running clock and removes the rest, as the lesson says.
    await learner.type(['docker rm $(docker ps -aq)', 'docker rmi leftover:1', 'docker ps -a']);
    await learner.passes('clean-up');

    expect(await learner.followsNext('walk-docker-next')).toBe('Dockerfiles');
    await expectModuleProgress(page, box.baseUrl, 'docker', 4);
  });
});
