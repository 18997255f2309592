/**
 * What a learner must never reach, and abuse the sandbox must hold, each tried for real against the engine.
 * Every abuse test checks that a bystander learner is unaffected.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimedSandbox as Sandbox } from '../../server/sessions/sandbox.ts';
import { cpuBandwidth } from '../../server/sandbox/profiles.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { networkExists } from '../helpers/engine.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

let box: RunningBoxlab;
let attacker: TestTerminal;
let bystander: TestTerminal;
let sandbox: Sandbox;

/** Run as the learner in the attacker's sandbox, like typing into their shell. */
const sh = (script: string, timeoutMs = 20_000) => box.runtime.exec(sandbox.id, { cmd: ['bash', '-c', script], user: 'learner', timeoutMs });

/** The bystander's shell still answers, promptly (a generous bound: benchmarks measure the real latency). */
async function bystanderIsFine(): Promise<void> {
  const started = Date.now();
  const n = Math.floor(Math.random() * 1e6);
  await bystander.run(`echo ok-$((${n}+1))`, new RegExp(`ok-${n + 1}`), 5000);
  expect(Date.now() - started).toBeLessThan(3000);
}

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_IDLE_TIMEOUT_S: '3', BOXLAB_REAP_INTERVAL_S: '1' });
  attacker = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
  bystander = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
  await Promise.all([attacker.waitForPrompt(), bystander.waitForPrompt()]);
  sandbox = box.boxlab.manager.list().find((s) => s.name === attacker.control('attached')?.sandbox)!;
});
afterAll(async () => {
  await attacker?.close();
  await bystander?.close();
  await box?.destroy();
});

describe('a learner cannot reach', () => {
  it('the Docker socket', async () => {
    const r = await sh('ls -l /var/run/docker.sock /run/docker.sock 2>&1; find / -xdev -name "docker.sock" 2>/dev/null | head -1; echo END');
    expect(r.output).toMatch(/No such file[\s\S]*No such file/);
    expect(r.output).not.toMatch(/^\/.*docker\.sock$/m);
  });

  it('the host network, metadata addresses or the internet', async () => {
    const r = await sh('ip -o addr | grep -v " lo " | wc -l; ip route | wc -l; for u in http://169.254.169.254/ http://172.17.0.1/ http://deb.debian.org/; do curl -sS -m 3 $u >/dev/null 2>&1 && echo "REACHED $u"; done; echo END');
    expect(r.output.trim().split('\n').slice(0, 2)).toEqual(['0', '0']);
    expect(r.output).not.toMatch(/REACHED/);
  });

  it('the host filesystem: no mounts, no namespaces, read-only root', async () => {
    const r = await sh('mount -t tmpfs none /tmp 2>&1; unshare -r true 2>&1; unshare -m true 2>&1; touch /usr/x 2>&1; echo END');
    expect(r.output).toMatch(/must be superuser|permission denied|Operation not permitted/i);
    expect(r.output).toMatch(/unshare failed: Operation not permitted/);
    expect(r.output).toMatch(/Read-only file system/);
  });

  it('kernel knobs: /proc/sysrq-trigger, /sys, raw devices', async () => {
    const r = await sh(
      'echo h 2>/dev/null > /proc/sysrq-trigger && echo WROTE-sysrq; echo 1 2>/dev/null > /sys/kernel/mm/ksm/run && echo WROTE-sys; ' +
        'mknod /tmp/disk b 8 0 2>&1; ls /dev | tr "\\n" " "; echo; cat /dev/sda 2>&1; echo END',
    );
    expect(r.output).not.toMatch(/WROTE/);
    expect(r.output).toMatch(/mknod: .*Operation not permitted/);
    expect(r.output).toMatch(/\/dev\/sda: No such file/);
    // Only the harmless pseudo-devices Docker provides: no disks, no memory, no kmsg.
    const devices = r.output.split('\n')[1]!.trim().split(/\s+/);
    expect(devices.filter((d) => /^(sd|vd|nvme|mem|kmem|kmsg|port)/.test(d))).toEqual([]);
  });

  it('the server through the terminal link: its own socket only, read-only, and fakes get nowhere', async () => {
    // The directory is the sandbox's own, mounted read-only: the socket cannot be swapped or the host disk filled.
    const r = await sh(
      'ls -A /run/boxlab/agent; touch /run/boxlab/agent/x 2>&1; ln -sf /var/run/docker.sock /run/boxlab/agent/agent.sock 2>&1; echo END',
    );
    expect(r.output.split('\n')[0]).toBe('agent.sock');
    expect(r.output.match(/Read-only file system/g)?.length).toBe(2);
    // Not an agent's hello, a hello for someone else's protocol, an oversized one, and a flood of connections:
    // each is closed by the server (recv gets b''), and the learner's own shell and a bystander carry on.
    const fakes = await sh(`python3 - <<'EOF'
import socket
def attempt(data):
    s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect('/run/boxlab/agent/agent.sock'); s.sendall(data)
    try: print('closed' if s.recv(100) == b'' else 'answered')
    except OSError as e: print('error', e)
attempt(b'GET /containers/json HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')
attempt(b'BOXLAB-AGENT 9 main 1\\n')
attempt(b'BOXLAB-AGENT 1 ' + b'x' * 500 + b'\\n')
held = []
for i in range(100):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect('/run/boxlab/agent/agent.sock'); held.append(s)
    except OSError: break
refused = 0
for s in held:
    s.settimeout(0.5)
    try:
        if s.recv(1) == b'': refused += 1
    except OSError: pass
print('refused', refused, 'of', len(held))
EOF`);
    expect(fakes.output.split('\n').slice(0, 3)).toEqual(['closed', 'closed', 'closed']);
    const refused = /refused (\d+) of (\d+)/.exec(fakes.output);
    expect(Number(refused?.[1])).toBeGreaterThan(0);
    await attacker.run('echo still-$((40+2))', /still-42/);
    await bystanderIsFine();
  });

  it('another learner’s sandbox, even naming it', async () => {
    const other = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), hello: false });
    // Unknown fields are not honoured: the server alone decides which sandbox a learner gets.
    const hello = { type: 'hello', v: 1, lesson: 'containers/what-is-a-container', terminal: 'sneaky', cols: 80, rows: 24, sandbox: sandbox.name };
    other.sendRaw(JSON.stringify(hello), false);
    await other.waitFor(() => other.control('attached') !== undefined, 'attached');
    expect(other.control('attached')?.sandbox).toMatch(/\S/);
    expect(other.control('attached')?.sandbox).not.toBe(sandbox.name);
    await other.close();
  });
});

describe('abuse is held inside the sandbox', () => {
  // Each abuse gets a fresh attacker sandbox, so one test's leftovers (a half-dead fork bomb) cannot
  // break the next; the old one is removed as a learner's reset would.
  beforeEach(async () => {
    await attacker.close();
    await box.boxlab.manager.remove(sandbox, 'next abuse test');
    attacker = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl) });
    await attacker.waitForPrompt();
    sandbox = box.boxlab.manager.list().find((s) => s.name === attacker.control('attached')?.sandbox)!;
  });

  it('a fork bomb stops at the pids limit', async () => {
    // The exec's `timeout` ends the bomb's whole process group after 8 s, which is how the test cleans up.
    const bomb = sh('bomb() { bomb | bomb & }; bomb; wait', 8000);
    const peak = await eventually(async () => {
      const { pids } = await box.runtime.stats(sandbox.id);
      return pids >= 100 ? pids : 0;
    }, 'the bomb to fill the pids limit', 8000, 200);
    expect(peak).toBeLessThanOrEqual(128);
    await bystanderIsFine();
    await bomb;
    await eventually(async () => (await sh('echo alive')).output.includes('alive'), 'the sandbox to recover', 30_000, 500);
  });

  it('a memory hog is killed inside its sandbox, and the learner sees why', async () => {
    const hog = await attacker.run('head -c 600m /dev/zero | tail > /dev/null; echo "exit=$?"', /exit=\d+/, 30_000);
    expect(hog).toMatch(/Killed/);
    expect(hog).toMatch(/exit=137/);
    expect((await box.runtime.inspect(sandbox.id))?.running).toBe(true);
    await bystanderIsFine();
  });

  it('a CPU spin is held to the sandbox’s share, in short periods, and leaves the bystander responsive', async () => {
    await attacker.run('for i in 1 2 3 4; do (while :; do :; done) & done; echo SPINNING', /SPINNING/);
    for (let i = 0; i < 5; i++) await bystanderIsFine();
    // "quota period" (cgroup v2 writes them so in cpu.max; v1 has a file each), then how often it was held back.
    const r = await sh(
      'p=$(boxlab-cgroup-file cpu cpu.cfs_period_us cpu.max); ' +
        'if [ "${p##*/}" = cpu.max ]; then cat "$p"; else echo "$(cat "$(boxlab-cgroup-file cpu cpu.cfs_quota_us cpu.max)") $(cat "$p")"; fi; ' +
        'sed -n "s/^nr_throttled //p" "$(boxlab-cgroup-file cpu cpu.stat cpu.stat)"',
    );
    const [quota, period] = r.output.split('\n')[0]!.trim().split(/\s+/).map(Number);
    expect(period).toBe(cpuBandwidth(box.config.shell.cpus).periodUs);
    expect(period).toBeLessThanOrEqual(100_000);
    expect(quota! / period!).toBeCloseTo(box.config.shell.cpus, 2);
    expect(Number(r.output.split('\n')[1])).toBeGreaterThan(0);
  });

  it('each sandbox runs on CPUs of its own choosing: one for a half-CPU shell, not the bystander’s', async () => {
    const allowed = async (id: string) =>
      (await box.runtime.exec(id, { cmd: ['sed', '-n', 's/^Cpus_allowed_list:\\s*//p', '/proc/self/status'], user: 'learner', timeoutMs: 10_000 })).output.trim();
    const other = box.boxlab.manager.list().find((s) => s.name === bystander.control('attached')?.sandbox)!;
    const [mine, theirs] = [await allowed(sandbox.id), await allowed(other.id)];
    if ((await box.runtime.hostCpus()) < 2) {
      expect(mine).toBe('0'); // one CPU: nothing to choose, and no pin
      return;
    }
    expect(mine).toMatch(/^\d+$/);
    expect(theirs).toMatch(/^\d+$/);
    expect(mine).not.toBe(theirs);
    // Written on the sandbox too, for a restarted server to count.
    expect((await box.runtime.inspect(sandbox.id))?.labels['boxlab.cpus']).toBe(mine);
  });

  it('filling the disk stops at the sandbox’s bound, in memory-backed space', async () => {
    const r = await sh('dd if=/dev/zero of=$HOME/big bs=1M count=400 2>&1; du -m $HOME/big | cut -f1; df --output=fstype $HOME | tail -1; rm -f $HOME/big');
    expect(r.output).toMatch(/No space left on device/);
    const mb = Number(r.output.split('\n').find((l) => /^\d+$/.test(l)));
    expect(mb).toBeLessThanOrEqual(128);
    expect(r.output).toMatch(/tmpfs/);
    await bystanderIsFine();
  });

  it('output flooding a script run in the sandbox is kept only at its start and end', async () => {
    const r = await sh('echo FIRST; head -c 60000000 /dev/zero | tr "\\0" a; echo; echo LAST');
    expect(r.exitCode).toBe(0);
    expect(r.output.length).toBeLessThan(200 * 1024);
    expect(r.output).toMatch(/^FIRST\n/);
    expect(r.output).toMatch(/bytes of output left out/);
    expect(r.output).toMatch(/\nLAST\n$/);
    await bystanderIsFine();
  });

  it('opening thousands of files stops at the open-file limit', async () => {
    // The wall is the hard limit: a learner may raise the soft one (1024) up to it, and a process started by
    // `docker exec` sometimes already has it raised (1 exec in ~30 here: the engine's runtime, not Boxlab).
    const r = await sh(
      'ulimit -n 5000 2>&1; ulimit -n 4096; for i in $(seq 6000); do exec {fd}</dev/null || { echo "stopped at $i"; break; }; done 2>&1 | tail -2',
    );
    expect(r.output).toMatch(/ulimit: open files: cannot modify limit/);
    expect(r.output).toMatch(/Too many open files/);
    const at = Number(/stopped at (\d+)/.exec(r.output)?.[1]);
    expect(at).toBeGreaterThan(4000);
    expect(at).toBeLessThanOrEqual(4096);
  });
});

describe('processes left behind', () => {
  it('a shell whose terminal was dropped is ended, with what it started', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    const keeper = await TestTerminal.open({ baseUrl: box.baseUrl, cookie });
    await keeper.waitForPrompt();
    const dropped = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, terminal: 'dropped' });
    await dropped.waitForPrompt();
    await dropped.run('sleep 4242 & echo STARTED', /STARTED/);
    const mine = box.boxlab.manager.list().find((s) => s.name === keeper.control('attached')?.sandbox)!;
    const sleeping = async () => (await box.runtime.exec(mine.id, { cmd: ['pgrep', '-f', '[s]leep 4242'], user: 'learner', timeoutMs: 5000 })).exitCode === 0;
    expect(await sleeping()).toBe(true);
    dropped.ws.terminate();
    // The keeper stays attached, so the sandbox lives; the dropped shell ends after the idle timeout.
    await eventually(async () => !(await sleeping()), 'the abandoned shell and its job to end', 20_000, 500);
    expect(await keeper.run('echo keeper-ok', /keeper-ok/)).toContain('keeper-ok');
    await keeper.close();
  });
});

describe('a lesson with an isolated network', () => {
  const NETWORKED = {
    version: 1 as const,
    lessons: [{ id: 'test/net', title: 'net', profile: 'shell' as const, network: 'isolated' as const, dir: 'tests/fixtures', exercises: [] }],
  };

  it('gets a private network with no route to the host or to other learners, removed with the sandbox', async () => {
    const netBox = await startBoxlab({ BOXLAB_POOL_SHELL: '1' }, undefined, NETWORKED);
    try {
      const a = await TestTerminal.open({ baseUrl: netBox.baseUrl, cookie: await newLearnerCookie(netBox.baseUrl), lesson: 'test/net' });
      const b = await TestTerminal.open({ baseUrl: netBox.baseUrl, cookie: await newLearnerCookie(netBox.baseUrl), lesson: 'test/net' });
      await Promise.all([a.waitForPrompt(), b.waitForPrompt()]);
      const [sa, sb] = ['a', 'b'].map((_, i) => netBox.boxlab.manager.list().find((s) => s.name === [a, b][i]!.control('attached')?.sandbox)!);
      const run = (s: Sandbox, script: string) => netBox.runtime.exec(s.id, { cmd: ['bash', '-c', script], user: 'learner', timeoutMs: 15_000 });
      const ipB = (await run(sb!, "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1")).output.trim();
      expect(ipB).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      const probe = await run(
        sa!,
        `ip -4 -o addr show eth0 | wc -l; gw=$(ip route | awk '/default/ {print $3}'); ` +
          `for t in "$gw:8080" "$gw:2375" "172.17.0.1:80" "${ipB}:22" "169.254.169.254:80"; do ` +
          `timeout 3 bash -c "echo > /dev/tcp/\${t%:*}/\${t#*:}" 2>/dev/null && echo "REACHED $t"; done; ` +
          `timeout 3 bash -c 'echo > /dev/tcp/127.0.0.1/1' 2>&1 | grep -q refused && echo LOOPBACK-OK; echo END`,
      );
      expect(probe.output).toMatch(/^1\n/);
      expect(probe.output).not.toMatch(/REACHED/);
      // Loopback inside the sandbox still works (a refused port answers at once).
      expect(probe.output).toMatch(/LOOPBACK-OK\nEND/);
      const network = (await netBox.runtime.inspect(sa!.id))!.labels['boxlab.network']!;
      expect(network).toMatch(/^bxnet-/);
      await Promise.all([a.close(), b.close()]);
      await netBox.boxlab.manager.remove(sa!, 'test done');
      expect(await networkExists(network)).toBe(false);
    } finally {
      await netBox.destroy();
    }
  });
});
