/**
 * Labs of several machines against the real engine: two learners' 3-node docker labs, each on a network of its own
 * where nodes reach each other by name (and form a swarm), none reaching the other lab, the host's engine or a port
 * the host serves on all its addresses; a restart adopts both labs whole; a creation that fails half-way leaves no
 * container and no network.
 */
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import type { SandboxInfo, SandboxSpec } from '../../server/sandbox/runtime.ts';
import type { ClaimedSandbox } from '../../server/sessions/sandbox.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { networksLabelled } from '../helpers/engine.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const NODES = ['manager', 'worker1', 'worker2'];
const LAB_LESSON: LessonManifest = {
  version: 1,
  lessons: [{ id: 'test/lab', title: 'lab', profile: 'docker', network: 'none', nodes: NODES, dir: 'tests/fixtures', exercises: [] }],
};
const ENV = { BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_PER_LEARNER: '3' };
/** A pool of one engine per node: the first learner's lab comes from it (warm), the second is made (cold). */
const POOLED = { ...ENV, BOXLAB_POOL_DOCKER: '3' };

const run = (box: RunningBoxlab, s: ClaimedSandbox, script: string, timeoutMs = 20_000) =>
  box.runtime.exec(s.id, { cmd: ['bash', '-c', script], user: 'learner', timeoutMs });

/** Addresses the host has (but loopback): where a server bound to all addresses answers. */
const hostAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);

describe('a 3-node lab', () => {
  const instance = `labs${Date.now().toString(36)}`;
  let box: RunningBoxlab;
  const cookies: string[] = [];
  const labs: ClaimedSandbox[][] = [];
  const terminals: TestTerminal[] = [];
  // A port the host serves on every address, as a server bound to 0.0.0.0 would.
  let hostPort: Server;
  let pooled: string[] = [];

  beforeAll(async () => {
    hostPort = createServer((socket) => socket.end('HOST-ANSWERED\n'));
    await new Promise<void>((resolve) => hostPort.listen(0, '0.0.0.0', resolve));
    box = await startBoxlab(POOLED, instance, LAB_LESSON);
    await eventually(() => box.boxlab.manager.pooled('docker').length === 3, 'the pool to fill', 120_000, 250);
    pooled = box.boxlab.manager.pooled('docker').map((s) => s.id);
    for (let i = 0; i < 2; i++) {
      cookies.push(await newLearnerCookie(box.baseUrl));
      const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: cookies[i]!, lesson: 'test/lab', node: 'worker1' });
      terminals.push(t);
    }
    await Promise.all(terminals.map((t) => t.waitForPrompt(90_000)));
    const byLearner = new Map<string, ClaimedSandbox[]>();
    for (const s of box.boxlab.manager.list()) byLearner.set(s.learner, [...(byLearner.get(s.learner) ?? []), s]);
    for (const lab of byLearner.values()) labs.push(NODES.map((n) => lab.find((s) => s.node === n)!));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(terminals.map((t) => t.close()));
    hostPort?.close();
    await box?.destroy();
  });

  it('gives each learner three sandboxes, counted as three each', () => {
    expect(labs).toHaveLength(2);
    for (const lab of labs) expect(lab.every(Boolean)).toBe(true);
    // One lab was taken from the pool whole, the other made: both kinds are under test below.
    const warm = labs.filter((lab) => lab.every((s) => pooled.includes(s.id)));
    const cold = labs.filter((lab) => lab.every((s) => !pooled.includes(s.id)));
    expect([warm.length, cold.length]).toEqual([1, 1]);
    expect(box.boxlab.manager.list()).toHaveLength(6);
  });

  it('opens the terminal on the node the hello names', async () => {
    const attached = terminals[0]!.control('attached')!.sandbox;
    const mine = labs.flat().find((s) => s.name === attached)!;
    expect(mine.node).toBe('worker1');
  });

  it('reaches the other nodes of its lab by name, and nothing else', async () => {
    const [a, b] = labs as [ClaimedSandbox[], ClaimedSandbox[]];
    const ipOf = async (s: ClaimedSandbox) => (await run(box, s, "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1")).output.trim();
    const [aManager, bManager] = await Promise.all([ipOf(a[0]!), ipOf(b[0]!)]);
    expect(aManager).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await Promise.all([a[0]!, b[0]!].map((s) => run(box, s, 'setsid nohup python3 -m http.server 8080 --bind 0.0.0.0 >/dev/null 2>&1 & echo started')));
    const reach = (target: string) => `timeout 3 bash -c "exec 3<>/dev/tcp/${target.replace(':', '/')}" 2>/dev/null && echo "REACHED ${target}"`;
    // Its own lab's manager, by name (retried while the server inside starts).
    const own = await run(box, a[1]!, `getent hosts manager worker2 | wc -l; for i in $(seq 30); do curl -s -m 2 -o /dev/null http://manager:8080/ && echo OWN-OK && break; sleep 0.3; done`);
    expect(own.output).toMatch(/^2\n[\s\S]*OWN-OK/);
    // The second lab's manager serves too (so the probe below fails for isolation, not for want of a server).
    expect((await run(box, b[1]!, `for i in $(seq 30); do curl -s -m 2 -o /dev/null http://manager:8080/ && echo OWN-OK && break; sleep 0.3; done`)).output).toMatch(/OWN-OK/);
    const gateway = (await run(box, a[1]!, "ip route | awk '/default/ {print $3}'")).output.trim();
    const targets = [
      `${bManager}:8080`,
      '172.17.0.1:2375',
      '172.17.0.1:2376',
      ...(gateway ? [`${gateway}:2375`] : []),
      ...['172.17.0.1', ...hostAddresses()].map((h) => `${h}:${(hostPort.address() as { port: number }).port}`),
    ];
    const probe = await run(box, a[1]!, `${targets.map(reach).join('; ')}; getent hosts ${b[0]!.hostname} >/dev/null && echo RESOLVED-OTHER; echo END`, 60_000);
    expect(probe.output).toMatch(/END/);
    expect(probe.output).not.toMatch(/REACHED|RESOLVED-OTHER/);
    // And the other way round: the second lab does not reach the first's manager.
    const back = await run(box, b[2]!, `${reach(`${aManager}:8080`)}; echo END`);
    expect(back.output).not.toMatch(/REACHED/);
  }, 120_000);

  it('forms a swarm of its three nodes, from the pool and made alike', async () => {
    await Promise.all(labs.map((lab) => formSwarm(lab)));
  }, 180_000);

  it('reaches a service\'s tasks on other machines by name over an overlay network (DNS round robin: no IPVS here)', async () => {
    const [manager, w1] = labs[0]! as [ClaimedSandbox, ClaimedSandbox];
    const made = await run(box, manager,
      'docker network create -d overlay --attachable backend >/dev/null && ' +
        'docker service create -q --detach --name api --network backend --replicas 2 --endpoint-mode dnsrr --no-resolve-image web >/dev/null && ' +
        `for i in $(seq 120); do n=$(docker service ps api --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running'); [ "$n" = 2 ] && break; sleep 0.5; done; echo "running=$n"`,
      90_000);
    expect(made.output).toMatch(/running=2/);
    const seen = await run(box, w1, "docker run --rm --network backend busybox sh -c 'nslookup tasks.api | grep -c ^Address; wget -qO- http://api/ | grep -c .'", 90_000);
    // Two task addresses (besides the DNS server's own line), and a page served by one of them.
    expect(seen.output).toMatch(/^[23]\n[1-9]/);
  }, 180_000);

  const formSwarm = async (lab: ClaimedSandbox[]) => {
    const [manager, w1, w2] = lab as [ClaimedSandbox, ClaimedSandbox, ClaimedSandbox];
    const token = (await run(box, manager, 'docker swarm init --advertise-addr eth0 >/dev/null && docker swarm join-token -q worker', 60_000)).output.trim();
    expect(token).toMatch(/^SWMTKN-/);
    await Promise.all([w1, w2].map((w) => run(box, w, `docker swarm join --token ${token} manager:2377`, 60_000)));
    const nodes = await run(box, manager, `for i in $(seq 60); do n=$(docker node ls --format '{{.Status}}' | grep -c Ready); [ "$n" = 3 ] && break; sleep 0.5; done; echo "ready=$n"`, 60_000);
    expect(nodes.output).toMatch(/ready=3/);
  };

  it('adopts both labs whole after a restart, and the terminal finds the same node', async () => {
    const before = labs.map((lab) => lab.map((s) => s.id));
    const attached = terminals[0]!.control('attached')!.sandbox;
    await Promise.all(terminals.splice(0).map((t) => t.close()));
    await box.close();
    box = await startBoxlab(POOLED, instance, LAB_LESSON);
    for (const [i, lab] of before.entries()) {
      const learner = labs[i]![0]!.learner;
      expect(NODES.map((n) => box.boxlab.manager.find(learner, 'test/lab', n)?.id)).toEqual(lab);
    }
    const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: cookies[0]!, lesson: 'test/lab', node: 'worker1' });
    terminals.push(t);
    await t.waitFor(() => t.control('attached') !== undefined, 'attach', 30_000);
    expect(t.control('attached')!.sandbox).toBe(attached);
    expect(box.boxlab.manager.list()).toHaveLength(6);
  }, 120_000);
});

/** The engine refuses the second node: the lab's other nodes and its network must go. */
class RefusesSecondNode extends DockerRuntime {
  private made = 0;
  override async create(spec: SandboxSpec): Promise<SandboxInfo> {
    if (spec.join && ++this.made === 2) throw new Error('injected: the engine refused this node');
    return super.create(spec);
  }
}

describe('a lab whose creation fails half-way', () => {
  it('leaves nothing behind: no container, no network, no count', async () => {
    const instance = `labfail${Date.now().toString(36)}`;
    const box = await startBoxlab(ENV, instance, LAB_LESSON, undefined, new RefusesSecondNode());
    try {
      const cookie = await newLearnerCookie(box.baseUrl);
      const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: 'test/lab' });
      await t.waitFor(() => t.control('error') !== undefined, 'the refusal', 60_000);
      await t.close();
      expect(t.control('error')?.code).toBe('sandbox_failed');
      expect(await box.containers()).toEqual([]);
      expect(box.boxlab.manager.size).toBe(0);
      expect(await networksLabelled(`boxlab.instance=${instance}`)).toEqual([]);
    } finally {
      await box.destroy();
    }
  }, 120_000);
});
