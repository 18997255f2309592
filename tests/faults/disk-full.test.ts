/**
 * The host's disk nearly full, for real: Boxlab's data dir on a 64 MiB tmpfs, filled until less than
 * BOXLAB_MIN_FREE_DISK_MB is left. A new learner is refused with host_busy and a sentence that says why; the
 * learner already in keeps a working shell; once space is freed, new learners get in again. (Memory tight is the
 * same rule over the other probe: tests/unit/host-pressure.test.ts, and sandbox-lifecycle's refusal test.)
 * Needs root (mount); skipped without it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const root = process.getuid?.() === 0;
const dataDir = mkdtempSync(join(tmpdir(), 'boxlab-diskfull-'));
let mounted = false;
let box: RunningBoxlab | undefined;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  if (!root) return;
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dataDir]);
  mounted = true;
  box = await startBoxlab({ BOXLAB_DATA_DIR: dataDir, BOXLAB_MIN_FREE_DISK_MB: '32', BOXLAB_POOL_SHELL: '0' });
});
afterAll(async () => {
  await Promise.all(terminals.map((t) => t.close()));
  await box?.destroy().catch(() => undefined);
  if (mounted) execFileSync('umount', ['-l', dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<TestTerminal> {
  const t = await TestTerminal.open({ baseUrl: box!.baseUrl, cookie: await newLearnerCookie(box!.baseUrl) });
  terminals.push(t);
  return t;
}

const freeMb = async () => {
  const fs = await statfs(dataDir);
  return (fs.bavail * fs.bsize) / 1024 / 1024;
};

it.skipIf(!root)('refuses new sandboxes with a sentence while the disk is nearly full, and leaves running ones alone', async () => {
  const first = await open();
  await first.waitForPrompt();

  // Leave 16 MiB (under the 32 MiB asked for).
  const filler = join(dataDir, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.floor((await freeMb()) - 16) * 1024 * 1024));
  expect(await freeMb()).toBeLessThan(32);

  // The host's answer is kept 2 s: learners who come in that time may still get in; the first after it is refused.
  const refused = await eventually(
    async () => {
      const t = await open();
      await t.waitFor(() => t.control('attached') !== undefined || t.closed !== undefined, 'attached or refused', 20_000);
      if (t.control('error')) return t;
      await t.close();
      return undefined;
    },
    'a new learner to be refused',
    15_000,
    500,
  );
  expect(refused.control('error')).toMatchObject({ code: 'host_busy' });
  expect(refused.control('error')?.message).toMatch(/^No new sandbox can start right now: the server is short of disk space \(\d+ MiB free for Boxlab's data dir, 32 MiB needed\)/);

  // The learner already in is unharmed: same shell, still answering.
  expect(await first.run('echo still-$((6*7))', /still-42/)).toContain('still-42');

  rmSync(filler);
  const again = await eventually(
    async () => {
      const t = await open();
      await t.waitFor(() => t.control('attached') !== undefined || t.closed !== undefined, 'attached or refused', 20_000);
      if (t.control('attached')) return t;
      return undefined;
    },
    'a new learner to get in once space is free',
    15_000,
    500,
  );
  await again.waitForPrompt();
});
