/**
 * The `shell` profile on gVisor (BOXLAB_SHELL_RUNTIME=runsc), the second wall docs/operators.md offers:
 * the learner's shell works as usual, and its kernel is gVisor's, not the host's.
 * scripts/provision.sh installs runsc and registers it with the engine, so CI always runs this.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

let box: RunningBoxlab;
let t: TestTerminal;

beforeAll(async () => {
  const runtimes = execFileSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' });
  if (!runtimes.includes('runsc')) throw new Error('runsc is not registered with the engine: run scripts/provision.sh');
  box = await startBoxlab({ BOXLAB_SHELL_RUNTIME: 'runsc', BOXLAB_POOL_SHELL: '0' });
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
  await t.waitForPrompt(30_000);
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

it('runs the learner’s shell under gVisor’s kernel, with the same walls', async () => {
  const [sandbox] = box.boxlab.manager.list();
  const inspected = (await box.runtime.docker.getContainer(sandbox!.id).inspect()) as { HostConfig: { Runtime: string } };
  expect(inspected.HostConfig.Runtime).toBe('runsc');
  const out = await t.run('dmesg 2>&1 | head -1; id -un; touch /usr/x 2>&1; echo gv-$((40+2))', /gv-42/);
  expect(out).toMatch(/gVisor/);
  expect(out).toMatch(/^learner$/m);
  // gVisor answers a learner's write to / with EACCES before EROFS; either way nothing is written.
  expect(out).toMatch(/Read-only file system|Permission denied/);
});

