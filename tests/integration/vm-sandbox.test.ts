/**
 * The `vm` profile against the real engine: qemu in a learner's sandbox boots the guest and answers, both
 * one command at a time and interactively through a real Boxlab terminal; the sandbox keeps the `shell`
 * profile's walls; and every exercise of the VM lesson fails before its solution and passes after.
 * Boots run under emulation (TCG) on a loaded machine, so timeouts are generous; the benchmark times them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../server/manifest-file.ts';
import { hostKvm } from '../../server/sandbox/kvm.ts';
import type { ClaimedSandbox as Sandbox } from '../../server/sessions/sandbox.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { inspectContainer } from '../helpers/engine.ts';
import { TEST_SITE_DIR } from '../helpers/site.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const LESSON = 'virtual-machines/boot-a-vm';
const BOOT_MS = 120_000;

let box: RunningBoxlab;
let t: TestTerminal;
let sandbox: Sandbox;
let guestRelease: string;

const sh = (script: string, timeoutMs = BOOT_MS) => box.runtime.exec(sandbox.id, { cmd: ['bash', '-c', script], user: 'learner', timeoutMs });

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_POOL_VM: '0' });
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), lesson: LESSON });
  await t.waitForPrompt(30_000);
  sandbox = box.boxlab.manager.list().find((s) => s.name === t.control('attached')?.sandbox)!;
  expect(sandbox.profile.name).toBe('vm');
  guestRelease = (await sh('cat /usr/share/boxlab-vm/kernel-release')).output.trim();
  expect(guestRelease).toMatch(/^\d+\.\d+\.\d+-\d+-amd64$/);
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

describe('a vm sandbox', () => {
  it('boots the guest for one command and prints its output: the guest kernel’s release', async () => {
    const r = await sh("boxlab-vm --run 'uname -r; echo pid1=$(cat /proc/1/comm)'");
    expect(r.exitCode).toBe(0);
    expect(r.output.trim().split('\n')).toEqual([guestRelease, 'pid1=init']);
    // The command's exit status comes back out of the guest.
    expect((await sh("boxlab-vm --run 'exit 3'")).exitCode).toBe(3);
  }, 2 * BOOT_MS);

  it('cannot hang: a guest that does not finish in time is ended, and nothing is left running', async () => {
    const r = await sh("BOXLAB_VM_RUN_TIMEOUT_S=3 boxlab-vm --run 'sleep 600'; echo status=$?; pgrep -c qemu-system || true", 60_000);
    expect(r.output, r.output).toMatch(/gave up after 3 s/);
    expect(r.output, r.output).toMatch(/status=124/);
    expect(r.output.trim().split('\n').at(-1), r.output).toBe('0');
  });

  it('says which accelerator it uses and why', async () => {
    const r = await sh('boxlab-vm --accel', 60_000);
    expect(r.output).toMatch(/^(kvm|tcg) \(.+\)$/m);
  });

  it('boots to the guest’s shell in the learner’s terminal, and Ctrl-A X returns to the container', async () => {
    const start = t.output.length;
    t.type('boxlab-vm\r');
    await t.waitForOutput(/Boxlab VM: a virtual machine running its own Linux kernel/, start, BOOT_MS);
    // busybox's line editor asks the terminal where the cursor is (ESC[6n) after its prompt.
    await t.waitForOutput(/root@boxlab-vm:~# (\x1b\[[0-9;?]*[A-Za-z])*$/, start, 30_000);
    expect(await t.run('uname -r', new RegExp(`^${guestRelease.replace(/\./g, '\\.')}$`, 'm'), 30_000)).toContain(guestRelease);
    const ps = await t.run('ps', /\[kthreadd\]/, 30_000);
    expect(ps).toMatch(/^\s*1 root .*init/m);
    const quit = t.output.length;
    t.type('\x01x');
    await t.waitForOutput(/QEMU: Terminated/, quit, 30_000);
    await t.waitForOutput(/\$ (\x1b\[[0-9;?]*[A-Za-z])*$/, quit, 30_000);
    // Back in the container: its own kernel, its own PID 1.
    expect(await t.run('cat /proc/1/comm', /^docker-init$/m)).toMatch(/docker-init/);
  }, 3 * BOOT_MS);

  it('has the shell profile’s walls: no capabilities, no network, read-only root', async () => {
    const r = await sh('grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status; ip -o addr | grep -vc " lo "; touch /usr/x 2>&1; grep NoNewPrivs /proc/self/status; echo END', 20_000);
    expect(r.output).toMatch(/CapEff:\s+0{16}/);
    expect(r.output).toMatch(/CapPrm:\s+0{16}/);
    expect(r.output).toMatch(/CapBnd:\s+0{16}/);
    expect(r.output).toMatch(/^0$/m);
    expect(r.output).toMatch(/Read-only file system/);
    expect(r.output).toMatch(/NoNewPrivs:\s+1/);
    const inspect = await inspectContainer(sandbox.id);
    const hc = inspect.HostConfig;
    expect(hc.Privileged).toBe(false);
    expect(hc.CapDrop).toEqual(['ALL']);
    expect(hc.CapAdd ?? []).toEqual([]);
    expect(hc.ReadonlyRootfs).toBe(true);
    expect(hc.NetworkMode).toBe('none');
    expect(hc.SecurityOpt).toContain('no-new-privileges:true');
    expect(hc.Memory).toBe(box.config.vm.memoryMb * 1024 * 1024);
    // /dev/kvm only when the host has one an unprivileged learner could open; never any other device.
    const kvm = hostKvm();
    expect(((hc.Devices ?? []) as { PathOnHost: string }[]).map((d) => d.PathOnHost)).toEqual(kvm.device ? ['/dev/kvm'] : []);
  });
});

describe('the “Boot a virtual machine” lesson', () => {
  const lesson = readManifest(TEST_SITE_DIR).lessons.find((l) => l.id === LESSON)!;
  // As the checker runs them: bash, as the learner, in their home, the script given on stdin.
  const script = (file: string, timeoutMs = BOOT_MS) =>
    box.runtime.exec(sandbox.id, { cmd: ['bash', '-s'], user: 'learner', timeoutMs, stdin: readFileSync(join(lesson.dir, file), 'utf8') });

  it('is a vm lesson with exercises', () => {
    expect(lesson.profile).toBe('vm');
    expect(lesson.exercises.length).toBeGreaterThanOrEqual(2);
  });

  // That each check fails before its solution and passes after is lesson CI's job (lesson-ci.test.ts).
  it('does not take the container’s kernel for the VM’s', async () => {
    await sh('mkdir -p ~/answers; uname -r > ~/answers/vm-kernel.txt; ps -ef > ~/answers/vm-ps.txt', 10_000);
    const kernel = await script('checks/vm-kernel.sh', 20_000);
    const ps = await script('checks/vm-processes.sh', 20_000);
    expect(ps.exitCode).not.toBe(0);
    expect(ps.output).toMatch(/container's processes/);
    // On a host booting the very same Debian kernel the two releases are equal, and the answer is right: the check
    // then still wants a VM running now, and none runs here.
    const hostRelease = (await sh('uname -r', 10_000)).output.trim();
    expect(kernel.exitCode).not.toBe(0);
    expect(kernel.output).toMatch(hostRelease === guestRelease ? /no VM is running now/ : /the kernel your container runs on/);
  });
});
