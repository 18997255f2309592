/**
 * `npm run bench -- vm [--out FILE] [--boots N] [--sessions N]`
 *
 * - profiles.vm.boot_s: from typing `boxlab-vm` in a learner's terminal to the guest's shell prompt, p50 over
 *   N boots (default 5), with emulation (TCG) and with KVM when the sandbox can use it (else null, and why)
 * - profiles.vm.run_true_s: `boxlab-vm --run true` as a check or solution would use it (boot, run, power off)
 * - profiles.vm.ttfp_ms.cold: WebSocket open → the container's prompt, for a fresh vm sandbox (no pool)
 * - profiles.vm.mem_mb_per_sandbox: what the sandbox's cgroup accounts, idle and with the guest at its prompt
 */
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';
import { hostKvm } from '../server/sandbox/kvm.ts';
import { instanceFilter } from '../server/sandbox/labels.ts';
import { newLearnerCookie, plain, TestTerminal } from '../tests/helpers/terminal-client.ts';
import { startServer, type BenchServer } from './lib/server-process.ts';
import { percentile, round, table } from './lib/stats.ts';

const LESSON = 'virtual-machines/boot-a-vm';
const GUEST_PROMPT = /root@boxlab-vm:~# (\x1b\[[0-9;?]*[A-Za-z])*$/;
const CONTAINER_PROMPT = /\$ (\x1b\[[0-9;?]*[A-Za-z])*$/;

const arg = (args: string[], name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const summary = (samples: number[], digits = 1) => ({
  p50: round(percentile(samples, 50), digits),
  p95: round(percentile(samples, 95), digits),
  n: samples.length,
});

async function openVmTerminal(server: BenchServer): Promise<{ ms: number; t: TestTerminal }> {
  const cookie = await newLearnerCookie(server.baseUrl);
  const started = performance.now();
  const t = await TestTerminal.open({ baseUrl: server.baseUrl, cookie, lesson: LESSON });
  await t.waitForPrompt(60_000);
  return { ms: performance.now() - started, t };
}

/** Seconds from typing the command to the guest's prompt; then power the guest off and wait for the container's prompt. */
async function bootToPrompt(t: TestTerminal, command: string): Promise<number> {
  const from = t.output.length;
  const started = performance.now();
  t.type(`${command}\r`);
  await t.waitForOutput(GUEST_PROMPT, from, 300_000);
  const s = (performance.now() - started) / 1000;
  const off = t.output.length;
  t.type('poweroff\r');
  await t.waitForOutput(CONTAINER_PROMPT, off, 60_000);
  return s;
}

async function runTrue(t: TestTerminal): Promise<number> {
  const from = t.output.length;
  const started = performance.now();
  t.type('boxlab-vm --run true; echo "run-status=$?"\r');
  await t.waitForOutput(/run-status=0/, from + 'boxlab-vm --run true; echo "run-status=$?"'.length, 300_000);
  return (performance.now() - started) / 1000;
}

export async function run(args: string[]): Promise<object> {
  const boots = Math.max(5, arg(args, '--boots', 5));
  const sessions = arg(args, '--sessions', 5);
  console.log(`vm benchmark: ${sessions} cold vm sandboxes, ${boots} boots each way`);
  const server = await startServer({ BOXLAB_POOL_SHELL: '0', BOXLAB_POOL_VM: '0', BOXLAB_MAX_SANDBOXES: '50' }, ['shell', 'vm']);
  const runtime = new DockerRuntime();
  const terminals: TestTerminal[] = [];
  try {
    const cold: number[] = [];
    for (let i = 0; i < sessions; i++) {
      const { ms, t } = await openVmTerminal(server);
      cold.push(ms);
      terminals.push(t);
    }
    console.log(`  ttfp cold p50 ${round(percentile(cold, 50), 1)} ms`);
    const t = terminals[0]!;
    const name = t.control('attached')?.sandbox;
    const sandbox = (await runtime.list(instanceFilter(server.instance))).find((c) => c.name === name)!;
    const memMb = async () => round((await runtime.stats(sandbox.id)).memoryBytes / 1024 / 1024, 1);
    const memIdle = await memMb();

    const tcg: number[] = [];
    let memRunning = 0;
    for (let i = 0; i < boots; i++) {
      const from = t.output.length;
      t.type('boxlab-vm --tcg\r');
      const started = performance.now();
      await t.waitForOutput(GUEST_PROMPT, from, 300_000);
      tcg.push((performance.now() - started) / 1000);
      if (i === 0) memRunning = await memMb();
      const off = t.output.length;
      t.type('poweroff\r');
      await t.waitForOutput(CONTAINER_PROMPT, off, 60_000);
    }
    console.log(`  boot (TCG) p50 ${round(percentile(tcg, 50), 2)} s`);

    const runs: number[] = [];
    for (let i = 0; i < boots; i++) runs.push(await runTrue(t));
    console.log(`  boxlab-vm --run true p50 ${round(percentile(runs, 50), 2)} s`);

    // KVM: only when the sandbox was given /dev/kvm and boxlab-vm's trial boot with it worked.
    const accelFrom = t.output.length;
    t.type('boxlab-vm --accel\r');
    const ACCEL = /^(kvm|tcg) \((.*)\)$/m;
    await t.waitFor(() => ACCEL.test(plain(t.output.slice(accelFrom))), 'boxlab-vm --accel', 120_000);
    const accel = ACCEL.exec(plain(t.output.slice(accelFrom)))!;
    let kvm: ReturnType<typeof summary> | null = null;
    let kvmNullBecause: string | null = null;
    if (accel[1] === 'kvm') {
      const samples: number[] = [];
      for (let i = 0; i < boots; i++) samples.push(await bootToPrompt(t, 'boxlab-vm'));
      kvm = summary(samples, 2);
      console.log(`  boot (KVM) p50 ${kvm.p50} s`);
    } else {
      kvmNullBecause = `in the sandbox: ${accel[2]}; on the host: ${hostKvm().reason}`;
      console.log(`  boot (KVM): not measured, ${kvmNullBecause}`);
    }

    const result = {
      profiles: {
        vm: {
          boot_s: { tcg: summary(tcg, 2), kvm, kvm_null_because: kvmNullBecause },
          run_true_s: summary(runs, 2),
          ttfp_ms: { cold: summary(cold) },
          mem_mb_per_sandbox: { idle: memIdle, guest_running: memRunning },
        },
      },
      machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    };
    const vm = result.profiles.vm;
    console.log('\n' + table([
      ['vm boot to guest prompt, TCG p50 / p95 (s)', `${vm.boot_s.tcg.p50} / ${vm.boot_s.tcg.p95}`],
      ['vm boot to guest prompt, KVM p50 (s)', kvm ? kvm.p50 : `null (${kvmNullBecause})`],
      ['boxlab-vm --run true p50 / p95 (s)', `${vm.run_true_s.p50} / ${vm.run_true_s.p95}`],
      ['vm sandbox ttfp cold p50 / p95 (ms)', `${vm.ttfp_ms.cold.p50} / ${vm.ttfp_ms.cold.p95}`],
      ['vm sandbox memory idle / guest running (MB)', `${memIdle} / ${memRunning}`],
    ]));
    return result;
  } finally {
    await Promise.all(terminals.map((x) => x.close()));
    await server.stop();
  }
}
