/**
 * The `shell` profile on gVisor (BOXLAB_SHELL_RUNTIME=runsc), the second wall docs/operators.md offers:
 * the learner's shell works as usual, and its kernel is gVisor's, not the host's.
 * scripts/provision.sh installs runsc and registers it with the engine, so CI always runs this.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { inspectContainer } from '../helpers/engine.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

let box: RunningBoxlab;
let t: TestTerminal;

beforeAll(async () => {
  const runtimes = execFileSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' });
  if (!runtimes.includes('runsc')) throw new Error('runsc is not registered with the engine: run scripts/provision.sh');
  box = await startBoxlab({ BOXLAB_SHELL_RUNTIME: 'runsc', BOXLAB_POOL_SHELL: '0', BOXLAB_SHELL_PIDS: '64' });
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
  await t.waitForPrompt(30_000);
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

it('runs the learner’s shell under gVisor’s kernel, with the same walls', async () => {
  const [sandbox] = box.boxlab.manager.list();
  const inspected = await inspectContainer(sandbox!.id);
  expect(inspected.HostConfig.Runtime).toBe('runsc');
  const out = await t.run('dmesg 2>&1 | head -1; id -un; touch /usr/x 2>&1; echo gv-$((40+2))', /gv-42/);
  expect(out).toMatch(/gVisor/);
  expect(out).toMatch(/^learner$/m);
  // gVisor answers a learner's write to / with EACCES before EROFS; either way nothing is written.
  expect(out).toMatch(/Read-only file system|Permission denied/);
});

it('lists and stats files in the learner’s shell, though this runsc refuses coreutils’ statx', async () => {
  // Debian 12's runsc answers the statx flag AT_NO_AUTOMOUNT, which GNU ls and stat pass, with EINVAL; the shell's
  // profile then makes ls and stat busybox's (server/sandbox/images/common/profile.sh).
  const out = await t.run(
    [
      'mkdir -p ~/lsdir && printf 12345 > ~/lsdir/five.txt && touch -d "2024-01-02 03:04:05" ~/lsdir/five.txt',
      'ls -l ~/lsdir',
      'stat -c "size=%s owner=%U mode=%a" ~/lsdir/five.txt',
      'stat ~/lsdir/five.txt',
      'bash -c "ls -ld ~/lsdir"',
      'command ls ~/lsdir/five.txt; echo ls-listed-$((20+1))',
    ].join('; '),
    /ls-listed-21/,
    30_000,
  );
  expect(out).toMatch(/^-rw-r--r-- +1 learner +learner +5 Jan +2 +2024 five\.txt$/m);
  expect(out).toMatch(/^size=5 owner=learner mode=644$/m);
  expect(out).toMatch(/File: .*five\.txt/);
  expect(out).toMatch(/Modify: 2024-01-02 03:04:05/);
  // A bash script the learner starts inherits them.
  expect(out).toMatch(/^drwxr-xr-x +\d+ learner +learner .* \/home\/learner\/lsdir$/m);
  expect(out).not.toMatch(/Invalid argument.*five|cannot statx/);
  // What the fallback is for: the coreutils ls itself still fails here (if this runsc is ever fixed, the
  // profile's check no longer picks busybox and this test says so).
  expect(out).toMatch(/ls: cannot access '\/home\/learner\/lsdir\/five\.txt': Invalid argument/);
});

it('stops a learner who forks past the process limit without losing the sandbox', async () => {
  // 200 background sleeps against a limit of 64: gVisor refuses the clone (nproc) instead of its Sentry
  // panicking on the host pids limit, which killed the whole sandbox before.
  // dash, not bash: bash retries a failed fork for seconds before it gives up. In a session of its own, so that
  // its exit trap can end every sleep it started with a builtin (no fork is left for anything else).
  const out = await t.run(
    `setsid -w sh -c 'trap "kill 0" EXIT; for i in $(seq 1 200); do sleep 60 >/dev/null 2>&1 & done' 2>&1 | tail -1; echo forked-$((1+1))`,
    /forked-2/,
    30_000,
  );
  expect(out).toMatch(/fork|Resource temporarily unavailable/i);
  await t.run('/bin/echo forks-again-$((3+3))', /forks-again-6/, 30_000);
  const [sandbox] = box.boxlab.manager.list();
  const state = await inspectContainer(sandbox!.id);
  expect(state.State.Running).toBe(true);
});


it('refuses a lesson that declares it works only under runc, with a sentence saying so, and starts no sandbox', async () => {
  // images-and-layers declares `runtimes: [runc]`: gVisor shows its sandboxes no overlay to take apart.
  const before = (await box.containers()).length;
  const refused = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), lesson: 'containers/images-and-layers' });
  await refused.waitFor(() => refused.closed !== undefined, 'the socket to close');
  const error = refused.controls.find((c) => c.type === 'error');
  expect(error).toMatchObject({ code: 'profile_unavailable' });
  expect(error && 'message' in error ? error.message : '').toMatch(/works only in sandboxes that run under runc, and this server runs them under runsc/);
  expect(refused.closed?.code).toBe(4503);
  expect((await box.containers()).length).toBe(before);
});
