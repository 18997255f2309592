/**
 * The kernel panel's figures come from the host's side: the engine's cgroup stats and /proc of the sandbox's first
 * process, never from inside the sandbox (a learner who writes look-alike files changes nothing), and a learner can
 * only ever get their own sandbox's.
 */
import { readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ServerControl } from '../../server/contracts/terminal-protocol.ts';
import { errorCodes } from '../../server/contracts/errors.ts';
import { inspectContainer } from '../helpers/engine.ts';
import { newLearnerCookie, type TestTerminal } from '../helpers/terminal-client.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';

const suite = terminalSuite({ BOXLAB_POOL_SHELL: '0' });

type Kernel = Extract<ServerControl, { type: 'kernel' }>;
const kernelFrames = (t: TestTerminal) => t.controls.filter((c): c is Kernel => c.type === 'kernel');
const attachedTo = (t: TestTerminal) => t.controls.find((c) => c.type === 'attached')?.sandbox;

async function learnerTerminal(): Promise<TestTerminal> {
  const t = await suite.connect(await newLearnerCookie(suite.box.baseUrl));
  await t.waitForPrompt(30_000);
  return t;
}

/** The next kernel frame after those already received, that satisfies `ok`. */
async function nextFrame(t: TestTerminal, ok: (k: Kernel) => boolean = () => true, timeoutMs = 15_000): Promise<Kernel> {
  const seen = kernelFrames(t).length;
  await t.waitFor(() => kernelFrames(t).slice(seen).some(ok), 'a kernel frame', timeoutMs);
  return kernelFrames(t).slice(seen).find(ok)!;
}

async function hostNamespaces(sandbox: string): Promise<Record<string, number>> {
  const pid = (await inspectContainer(sandbox)).State.Pid;
  const out: Record<string, number> = {};
  for (const type of ['ipc', 'mnt', 'net', 'pid', 'uts']) out[type] = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/${type}`))![1]);
  return out;
}

describe('what the kernel sees of a sandbox', () => {
  it('reports the limits the server set and the usage the engine counts, whatever the learner writes inside', { timeout: 90_000 }, async () => {
    const t = await learnerTerminal();
    const limits = suite.box.config.shell;
    t.send({ type: 'kernel', on: true });
    const first = await nextFrame(t);
    expect(first.memory.max).toBe(limits.memoryMb * 1024 * 1024);
    expect(first.pids.max).toBe(limits.pids);
    expect(first.cpu.quota).toBe(limits.cpus);
    // The namespaces in the first frame are those the host shows for the sandbox's first process.
    const host = await hostNamespaces(attachedTo(t)!);
    for (const [type, inode] of Object.entries(host)) expect(first.namespaces?.find((n) => n.type === type)).toEqual({ type, inode, private: true });
    expect(first.namespaces?.find((n) => n.type === 'user')?.private).toBe(false);

    // Look-alike files wherever the learner may write, and an attempt at the real ones (read-only).
    await t.run(
      'for d in ~ /tmp; do echo 1 > $d/memory.current; echo 1 > $d/memory.usage_in_bytes; echo max > $d/pids.max; echo 1 > $d/pids.current; done; echo 1 > /sys/fs/cgroup/memory.max 2>/dev/null || echo refused-$((40+2))',
      /refused-42/,
    );
    // 30 more processes: the host's count follows, the fake "1" does not.
    await t.run('for i in $(seq 30); do sleep 120 & done; echo started-$((6*7))', /started-42/);
    const busy = await nextFrame(t, (k) => k.pids.current >= 30);
    expect(busy.pids.max).toBe(limits.pids);
    expect(busy.memory.max).toBe(limits.memoryMb * 1024 * 1024);
    expect(busy.memory.current).toBeGreaterThan(1024 * 1024);
    const engine = await suite.box.runtime.stats(attachedTo(t)!);
    expect(Math.abs(busy.pids.current - engine.pids)).toBeLessThanOrEqual(3);
    expect(Math.abs(busy.memory.current - engine.memoryBytes)).toBeLessThan(16 * 1024 * 1024);
    // CPU is measured between two frames.
    expect(busy.cpu.used).toBeGreaterThanOrEqual(0);
    t.type('kill $(jobs -p)\r');
  });

  it('gives each learner their own sandbox only: a request that names another is refused', { timeout: 90_000 }, async () => {
    const [a, b] = await Promise.all([learnerTerminal(), learnerTerminal()]);
    a.send({ type: 'kernel', on: true });
    const aFrame = await nextFrame(a, (k) => k.namespaces !== undefined);
    // B names A's sandbox: the message is not one the protocol knows, and no figures come for it.
    const errorsBefore = b.controls.filter((c) => c.type === 'error').length;
    b.sendRaw(JSON.stringify({ type: 'kernel', on: true, sandbox: attachedTo(a) }), false);
    await b.waitFor(() => b.controls.filter((c) => c.type === 'error').length > errorsBefore, 'an error frame');
    expect(b.controls.filter((c) => c.type === 'error').at(-1)).toMatchObject({ code: errorCodes.BAD_MESSAGE });
    expect(kernelFrames(b)).toEqual([]);
    // B's own request answers with B's sandbox: its own namespaces, not A's.
    b.send({ type: 'kernel', on: true });
    const bFrame = await nextFrame(b, (k) => k.namespaces !== undefined);
    const bHost = await hostNamespaces(attachedTo(b)!);
    expect(bFrame.namespaces?.find((n) => n.type === 'net')?.inode).toBe(bHost['net']);
    expect(bFrame.namespaces?.find((n) => n.type === 'net')?.inode).not.toBe(aFrame.namespaces?.find((n) => n.type === 'net')?.inode);
  });

  it('has nothing to show a socket without a sandbox of its own', async () => {
    const t = await suite.connect(await newLearnerCookie(suite.box.baseUrl), { hello: false });
    t.send({ type: 'kernel', on: true });
    await t.waitFor(() => t.controls.some((c) => c.type === 'error'), 'an error frame');
    expect(t.controls.find((c) => c.type === 'error')).toMatchObject({ code: errorCodes.NO_SANDBOX });
    expect(kernelFrames(t)).toEqual([]);
  });
});
