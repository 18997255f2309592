/**
 * Labs of several machines (server/sessions/lab.ts, lab-acquire.ts) against the in-memory engine and a manual clock:
 * one unit for the pool, the limits, the queue, the reaper, removal and reconcile; nothing left by a failure.
 * tests/integration/labs.test.ts keeps what only Docker can show (who reaches whom).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { labNodeKey } from '../../server/contracts/lesson-id.ts';
import { lessonFrontmatterSchema } from '../../server/contracts/lesson.ts';
import { manifestSchema } from '../../server/contracts/manifest.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { RateLimiter } from '../../server/domain/rate-limit.ts';
import { lessonKeyMap, parseName } from '../../server/sandbox/claims.ts';
import { profileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { isWhole, labKeyMap, labLease, labNetworkName, pickNode } from '../../server/sessions/lab.ts';
import { SandboxManager, type ManagerOptions } from '../../server/sessions/sandbox-manager.ts';
import type { ClaimedSandbox } from '../../server/sessions/sandbox.ts';
import { MemoryRuntime } from '../fakes/memory-runtime.ts';

const INSTANCE = 'unit';
const LAB = 'course/swarm';
const NODES = ['manager', 'worker1', 'worker2'];
const SINGLE = 'course/one';
const MINUTE = 60_000;

function setup(overrides: Partial<ManagerOptions> & { pool?: number } = {}, runtime = new MemoryRuntime()) {
  const clock = new ManualClock(Date.UTC(2026, 11, 7));
  const claimed: ClaimedSandbox[] = [];
  const removed: string[] = [];
  const limits = { memoryMb: 256, cpus: 0.5, pids: 128, runtime: undefined };
  const { profiles } = profileCatalog(
    {
      shell: limits,
      docker: { ...limits, elevated: true, storageMb: 512, registryUpstream: undefined },
      vm: { ...limits, kvm: 'off' },
      pool: { shell: 0, docker: overrides.pool ?? 0, vm: 0 },
      instance: INSTANCE,
      extraLabels: {},
    },
    (image) => `boxlab/${image}:test`,
  );
  const manager = new SandboxManager({
    runtime,
    clock,
    instance: INSTANCE,
    extraLabels: {},
    idleTimeoutMs: 10 * MINUTE,
    ttlMs: 60 * MINUTE,
    maxLifetimeMs: 120 * MINUTE,
    expiryWarningMs: 5 * MINUTE,
    maxSandboxes: 10,
    maxPerLearner: 4,
    queueTimeoutMs: 60_000,
    queuePlaceKeptMs: 0,
    catalog: profiles,
    lessonKeys: lessonKeyMap([LAB, SINGLE]),
    labKeys: labKeyMap([{ id: LAB, nodes: NODES }]),
    rateLimiter: new RateLimiter({ burst: 100, perMinute: 100 }, clock),
    pressure: { reason: async () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    agentDirs: { prepare: async (s) => `/agents/${s}`, claimsDir: "/agents/.claims", release: async () => undefined, prune: async () => 0 },
    events: { claimed: async (s) => void claimed.push(s), removed: (s, reason) => void removed.push(`${s.id}:${reason}`) },
    ...overrides,
  });
  return { manager, runtime, clock, claimed, removed };
}

async function drain(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

const networkOf = (me: string) => labNetworkName(INSTANCE, { learner: me, lesson: LAB });

describe('lab rules', () => {
  it('a lab lives while any node is used, and ends with its first member', () => {
    const a = { createdAt: 0, expiresAt: 100, lastActivityAt: 10, attachedClients: 0 };
    const b = { createdAt: 5, expiresAt: 90, lastActivityAt: 50, attachedClients: 1 };
    expect(labLease([a, b])).toEqual({ createdAt: 0, expiresAt: 90, lastActivityAt: 50, attachedClients: 1 });
  });

  it('is whole with exactly one sandbox per node', () => {
    expect(isWhole([{ node: 'a' }, { node: 'b' }], ['a', 'b'])).toBe(true);
    expect(isWhole([{ node: 'a' }], ['a', 'b'])).toBe(false);
    expect(isWhole([{ node: 'a' }, { node: 'a' }], ['a', 'b'])).toBe(false);
  });

  it('picks the named node or the first, never one the lesson lacks', () => {
    expect(pickNode(NODES, undefined)).toBe('manager');
    expect(pickNode(NODES, 'worker2')).toBe('worker2');
    expect(pickNode(NODES, 'worker9')).toBeUndefined();
  });

  it('maps each node key back to its lesson and node', () => {
    expect(labKeyMap([{ id: LAB, nodes: NODES }, { id: SINGLE }]).get(labNodeKey(LAB, 'worker1'))).toEqual({ lesson: LAB, node: 'worker1' });
  });

  it('refuses bad nodes in frontmatter and manifest alike, naming the field', () => {
    const base = { title: 't', summary: 's', minutes: 5, profile: 'docker' };
    expect(lessonFrontmatterSchema.safeParse({ ...base, nodes: ['a', 'b'] }).success).toBe(true);
    const dup = lessonFrontmatterSchema.safeParse({ ...base, nodes: ['a', 'a'] });
    expect(dup.error?.issues[0]?.message).toMatch(/duplicate node "a"/);
    expect(lessonFrontmatterSchema.safeParse({ ...base, nodes: ['Manager', 'b'] }).success).toBe(false);
    expect(lessonFrontmatterSchema.safeParse({ ...base, nodes: ['a'] }).success).toBe(false);
    const stray = lessonFrontmatterSchema.safeParse({ ...base, nodes: ['a', 'b'], exercises: [{ id: 'x', title: 'x', check: 'c.sh', solve: 's.sh', node: 'c' }] });
    expect(stray.error?.issues[0]).toMatchObject({ path: ['exercises', 0, 'node'], message: expect.stringMatching(/one of a, b/) });
    expect(lessonFrontmatterSchema.safeParse({ ...base, setupNode: 'a' }).error?.issues[0]?.path).toEqual(['setupNode']);
    const lesson = { id: LAB, title: 't', profile: 'docker', dir: 'd', nodes: ['a', 'b'], exercises: [{ id: 'x', title: 'x', check: 'c', solve: 's', node: 'z' }] };
    expect(manifestSchema.safeParse({ version: 1, lessons: [lesson] }).success).toBe(false);
  });
});

describe('acquireLab', () => {
  it('makes every node on a private network of its own, reachable by its name, and gives the same lab back', async () => {
    const { manager, runtime, claimed } = setup();
    const me = randomUUID();
    const lab = await manager.acquireLab(me, LAB, 'docker', NODES);
    expect(lab.map((s) => s.node)).toEqual(NODES);
    const net = runtime.networks.get(networkOf(me));
    expect([...net!.members.values()].sort()).toEqual([...NODES].sort());
    for (const s of lab) expect(parseName(runtime.containers.get(s.id)!.info.name).claim?.lessonKey).toBe(labNodeKey(LAB, s.node!));
    expect(claimed).toHaveLength(3);
    expect(manager.size).toBe(3);
    expect(await manager.acquireLab(me, LAB, 'docker', NODES)).toEqual(lab);
    expect(manager.find(me, LAB, 'worker2')).toBe(lab[2]);
    expect(runtime.containers.size).toBe(3);
  });

  it('takes a pooled sandbox for every node when the pool has enough, joining them to the lab network', async () => {
    const { manager, runtime } = setup({ pool: 3 });
    manager.fillPool();
    await manager.poolSettled();
    const pooled = manager.pooled('docker').map((s) => s.id);
    const lab = await manager.acquireLab(randomUUID(), LAB, 'docker', NODES);
    expect(lab.map((s) => s.id).sort()).toEqual(pooled.sort());
    expect(runtime.calls.filter((c) => c.startsWith('network join'))).toHaveLength(3);
  });

  it('makes the lab afresh when the pool holds fewer sandboxes than nodes', async () => {
    const { manager } = setup({ pool: 2 });
    manager.fillPool();
    await manager.poolSettled();
    const pooled = new Set(manager.pooled('docker').map((s) => s.id));
    const lab = await manager.acquireLab(randomUUID(), LAB, 'docker', NODES);
    expect(lab.some((s) => pooled.has(s.id))).toBe(false);
  });

  it('leaves nothing behind when one node fails to be made: no container, no network, no slot', async () => {
    const { manager, runtime } = setup();
    const me = randomUUID();
    runtime.failNext('create', new Error('engine said no'));
    await expect(manager.acquireLab(me, LAB, 'docker', NODES)).rejects.toMatchObject({ code: 'sandbox_failed' });
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
    expect(manager.size).toBe(0);
    // And the next try makes a whole lab.
    expect(await manager.acquireLab(me, LAB, 'docker', NODES)).toHaveLength(3);
  });

  it('leaves nothing behind when a pooled node cannot join the network', async () => {
    const { manager, runtime } = setup({ pool: 3 });
    manager.fillPool();
    await manager.poolSettled();
    runtime.failNext('network', new Error('no network today'));
    await expect(manager.acquireLab(randomUUID(), LAB, 'docker', NODES)).rejects.toMatchObject({ code: 'sandbox_failed' });
    await manager.poolSettled();
    expect(runtime.networks.size).toBe(0);
    expect(manager.list()).toHaveLength(0);
  });

  it('counts every node against the global limit: the lab waits in the queue until all fit', async () => {
    const { manager } = setup({ maxSandboxes: 3 });
    const other = await manager.acquire(randomUUID(), SINGLE, 'shell');
    const queued: number[] = [];
    const lab = manager.acquireLab(randomUUID(), LAB, 'docker', NODES, { onQueued: (p) => queued.push(p) });
    await drain();
    expect(queued).toEqual([1]);
    expect(manager.size).toBe(1);
    await manager.remove(other, 'done');
    expect(await lab).toHaveLength(3);
    expect(manager.size).toBe(3);
  });

  it('counts every node against the learner\'s limit: older sandboxes are recycled to make room', async () => {
    const { manager } = setup({ maxPerLearner: 3 });
    const me = randomUUID();
    const old = await manager.acquire(me, SINGLE, 'shell');
    await manager.acquireLab(me, LAB, 'docker', NODES);
    expect(manager.find(me, SINGLE)).toBeUndefined();
    expect(manager.list().map((s) => s.id)).not.toContain(old.id);
  });

  it('refuses a lab larger than a learner may hold, saying what to raise', async () => {
    const { manager } = setup({ maxPerLearner: 2 });
    await expect(manager.acquireLab(randomUUID(), LAB, 'docker', NODES)).rejects.toThrow(/BOXLAB_MAX_PER_LEARNER/);
  });

  it('makes the whole lab again when one node stopped', async () => {
    const { manager, runtime } = setup();
    const me = randomUUID();
    const first = await manager.acquireLab(me, LAB, 'docker', NODES);
    runtime.stopContainer(first[1]!.id);
    const second = await manager.acquireLab(me, LAB, 'docker', NODES);
    expect(second.map((s) => s.id).some((id) => first.some((f) => f.id === id))).toBe(false);
    expect(runtime.containers.size).toBe(3);
    expect(runtime.networks.size).toBe(1);
  });
});

describe('a lab is one unit', () => {
  it('removing one node removes the lab and its network', async () => {
    const { manager, runtime } = setup();
    const me = randomUUID();
    const lab = await manager.acquireLab(me, LAB, 'docker', NODES);
    await manager.remove(lab[1]!, 'reset');
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
    expect(manager.size).toBe(0);
  });

  it('extending one node extends them all', async () => {
    const { manager, clock } = setup();
    const lab = await manager.acquireLab(randomUUID(), LAB, 'docker', NODES);
    clock.advance(30 * MINUTE);
    const end = await manager.extend(lab[0]!);
    expect(lab.map((s) => s.expiresAt)).toEqual([end, end, end]);
  });

  it('the reaper keeps a lab while a terminal is open on any node, and removes it whole once idle', async () => {
    const { manager, runtime, clock } = setup();
    const lab = await manager.acquireLab(randomUUID(), LAB, 'docker', NODES);
    const release = manager.attach(lab[2]!);
    clock.advance(20 * MINUTE);
    expect(await manager.reap()).toBe(0);
    release();
    clock.advance(20 * MINUTE);
    await manager.reap();
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
  });

  it('a restarted server adopts whole labs with their nodes, and removes a lab missing a node', async () => {
    const runtime = new MemoryRuntime();
    const first = setup({}, runtime);
    const whole = randomUUID();
    const broken = randomUUID();
    const kept = await first.manager.acquireLab(whole, LAB, 'docker', NODES);
    const lost = await first.manager.acquireLab(broken, LAB, 'docker', NODES);
    await runtime.remove(lost[0]!.id);
    const second = setup({}, runtime);
    await second.manager.reconcile();
    expect(NODES.map((n) => second.manager.find(whole, LAB, n)?.id)).toEqual(kept.map((s) => s.id));
    expect(second.manager.find(broken, LAB)).toBeUndefined();
    expect(runtime.containers.size).toBe(3);
    // The broken lab's network went with it; the whole lab's stays.
    expect([...runtime.networks.keys()]).toEqual([networkOf(whole)]);
  });
});

describe('warm labs', () => {
  const SHAPE = { profile: 'docker', nodes: NODES };
  // Each engine call's operation: `create`, `rename`, `network create`, `network join`…
  const ops = (runtime: MemoryRuntime, from: number): string[] => runtime.calls.slice(from).map((c) => c.split(' ').slice(0, c.startsWith('network ') ? 2 : 1).join(' '));

  async function warmed(count = 1, runtime = new MemoryRuntime()) {
    const s = setup({}, runtime);
    s.manager.setLabPoolTarget(SHAPE, 'test', count);
    await s.manager.poolSettled();
    return s;
  }

  it('keeps none by default; a target makes ready labs, each node made on the lab\'s own network under its name, counted as N', async () => {
    const { manager, runtime } = setup();
    manager.fillPool();
    await manager.poolSettled();
    expect(manager.size).toBe(0);
    manager.setLabPoolTarget(SHAPE, 'test', 1);
    await manager.poolSettled();
    expect(manager.warmLabs(SHAPE)).toBe(1);
    expect(manager.size).toBe(3);
    expect(runtime.networks.size).toBe(1);
    const [net] = [...runtime.networks.values()];
    expect([...net!.members.values()].sort()).toEqual([...NODES].sort());
    // Joined at creation: no separate connect.
    expect(runtime.calls.filter((c) => c.startsWith('network join'))).toHaveLength(0);
    // Not a pool sandbox for one lesson.
    expect(manager.pooled('docker')).toHaveLength(0);
  });

  it('a claim is only the claims: no container made, no network made or joined; the pool makes the next lab', async () => {
    const { manager, runtime } = await warmed();
    const [network] = runtime.networks.keys();
    const members = new Set(runtime.containers.keys());
    const before = runtime.calls.length;
    const me = randomUUID();
    const lab = await manager.acquireLab(me, LAB, 'docker', NODES);
    const claimOps = ops(runtime, before);
    expect(new Set(lab.map((s) => s.id))).toEqual(members);
    expect(lab.map((s) => s.node)).toEqual(NODES);
    expect(runtime.networks.get(network!)!.members.get(lab[1]!.id)).toBe('worker1');
    for (const s of lab) expect(parseName(s.name).claim?.lessonKey).toBe(labNodeKey(LAB, s.node!));
    await manager.poolSettled();
    expect(claimOps.slice(0, claimOps.indexOf('network create') === -1 ? undefined : claimOps.indexOf('network create')).filter((op) => op === 'create' || op.startsWith('network'))).toEqual([]);
    expect(manager.warmLabs(SHAPE)).toBe(1);
    expect(manager.size).toBe(6);
    expect(manager.find(me, LAB, 'worker2')).toBe(lab[2]);
  });

  it('removing a lab claimed from a warm lab removes its network too', async () => {
    const { manager, runtime } = await warmed();
    const [network] = runtime.networks.keys();
    const lab = await manager.acquireLab(randomUUID(), LAB, 'docker', NODES);
    // The refill under way when the target drops is not kept.
    await manager.setLabPoolTarget(SHAPE, 'test', 0);
    await manager.poolSettled();
    await manager.remove(lab[0]!, 'test');
    expect(runtime.networks.has(network!)).toBe(false);
    expect(manager.size).toBe(0);
  });

  it('a lowered target removes the warm labs beyond it, their networks too', async () => {
    const { manager, runtime } = await warmed(2);
    expect(manager.size).toBe(6);
    await manager.setLabPoolTarget(SHAPE, 'test', 0);
    expect(manager.size).toBe(0);
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
  });

  it('a node that fails to be made leaves nothing behind: no container, no network, no slot', async () => {
    const runtime = new MemoryRuntime();
    runtime.failNext('create', new Error('engine said no'));
    const { manager } = await warmed(1, runtime);
    expect(manager.warmLabs(SHAPE)).toBe(0);
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
    expect(manager.size).toBe(0);
  });

  it('waits for room for every node: no warm lab takes the last slots a lab cannot fill', async () => {
    const { manager, runtime } = setup({ maxSandboxes: 5 });
    manager.setLabPoolTarget(SHAPE, 'test', 2);
    await manager.poolSettled();
    expect(manager.warmLabs(SHAPE)).toBe(1);
    expect(runtime.containers.size).toBe(3);
  });

  it('after a restart, a lab claimed from a warm lab is adopted whole with its network; an unclaimed warm lab is removed', async () => {
    const runtime = new MemoryRuntime();
    const first = await warmed(2, runtime);
    const me = randomUUID();
    const lab = await first.manager.acquireLab(me, LAB, 'docker', NODES);
    // The server stops with two warm labs ready beside the claimed one.
    await first.manager.poolSettled();
    expect(first.manager.warmLabs(SHAPE)).toBe(2);
    expect(runtime.networks.size).toBe(3);
    const second = setup({}, runtime);
    const labNetwork = lab[0]!.labNetwork!;
    expect(labNetwork).toBeDefined();
    await second.manager.reconcile();
    expect(NODES.map((n) => second.manager.find(me, LAB, n)?.id)).toEqual(lab.map((s) => s.id));
    expect(second.manager.size).toBe(3);
    expect([...runtime.networks.keys()]).toEqual([labNetwork]);
    await second.manager.remove(second.manager.find(me, LAB)!, 'test');
    expect(runtime.networks.size).toBe(0);
    expect(runtime.containers.size).toBe(0);
  });

  it('a warm lab with a node stopped under the server goes whole, its network too, and another is made', async () => {
    const { manager, runtime, removed } = await warmed();
    const [network] = runtime.networks.keys();
    const node = manager.warmLabNodes()[1]!;
    runtime.stopContainer(node.id);
    await manager.remove(node, 'stopped');
    expect(removed.filter((r) => r.endsWith(':stopped'))).toHaveLength(3);
    expect(runtime.networks.has(network!)).toBe(false);
    await manager.poolSettled();
    expect(manager.warmLabs(SHAPE)).toBe(1);
    expect(manager.size).toBe(3);
    expect(runtime.containers.size).toBe(3);
  });

  it('the reaper replaces a warm lab nobody claimed within a time-to-live, whole', async () => {
    const { manager, runtime, clock } = await warmed();
    const before = new Set(runtime.containers.keys());
    const [network] = runtime.networks.keys();
    clock.advance(30 * MINUTE);
    await manager.reap();
    expect(manager.warmLabs(SHAPE)).toBe(1);
    clock.advance(31 * MINUTE);
    await manager.reap();
    await manager.poolSettled();
    expect(runtime.networks.has(network!)).toBe(false);
    expect(manager.warmLabs(SHAPE)).toBe(1);
    expect([...runtime.containers.keys()].some((id) => before.has(id))).toBe(false);
    expect(runtime.containers.size).toBe(3);
  });

  it('an unclaimed warm lab standing at restart is removed, not pooled for one lesson', async () => {
    const runtime = new MemoryRuntime();
    await warmed(1, runtime);
    const second = setup({ pool: 3 }, runtime);
    await second.manager.reconcile();
    expect(second.manager.pooled('docker')).toHaveLength(0);
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
  });
});
