/**
 * How many sandboxes a workshop's pre-warm keeps (server/workshops/prewarm.ts), from its members, their visits and
 * the sandboxes they hold: in particular while a class arrives, when visits come before the claims.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock.ts';
import type { SandboxManager } from '../../server/sessions/sandbox-manager.ts';
import type { ClaimedSandbox } from '../../server/sessions/sandbox.ts';
import type { Store } from '../../server/store/store.ts';
import type { MemberRecord, WorkshopRecord } from '../../server/store/workshop-store.ts';
import { ARRIVING_MS, Prewarm } from '../../server/workshops/prewarm.ts';

const LESSON = 'course/one';

function setup(capacity: number) {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
  const workshop: WorkshopRecord = {
    id: 'w1', code: 'ABCDEF', title: 'Class', lessons: [LESSON, 'course/two'], capacity, startsAt: clock.now() - 60_000,
    endsAt: clock.now() + 3_600_000, sandboxMinutes: 60, passwordHash: undefined, prewarmShare: 1, endedAt: undefined,
    createdBy: 'i', createdAt: clock.now() - 120_000,
  };
  const members: MemberRecord[] = [];
  const visits = new Map<string, number>();
  const claimed: Pick<ClaimedSandbox, 'learner' | 'lesson'>[] = [];
  const store = {
    members: () => members,
    progress: (learner: string) => ({ lessons: visits.has(learner) ? { [LESSON]: { visitedAt: visits.get(learner), passed: [] } } : {} }),
  } as unknown as Store;
  const targets: number[] = [];
  const manager = {
    list: () => claimed,
    pooled: () => [],
    size: 0,
    setPoolTarget: (_p: string, _r: string, n: number) => void targets.push(n),
  } as unknown as SandboxManager;
  const catalog = new Map([['shell', { pool: 0, profile: { limits: { memoryMb: 256 } } }]]) as unknown as ConstructorParameters<typeof Prewarm>[0]['catalog'];
  (store as unknown as { workshops: () => WorkshopRecord[] }).workshops = () => [workshop];
  const prewarm = new Prewarm({
    store, manager, clock, catalog, profileOf: () => 'shell', maxSandboxes: 200, minFreeMemoryMb: 512,
    availableMemoryMb: async () => 64_000,
  });
  const join = (n: number) => {
    for (let i = 0; i < n; i++) members.push({ workshop: 'w1', member: `m${members.length}`, learner: `l${members.length}`, name: `n${members.length}`, joinedAt: clock.now() });
  };
  return { clock, workshop, members, visits, claimed, prewarm, join, targets };
}

describe('the pre-warm while a class arrives', () => {
  it('keeps a sandbox for every member who opened the lesson but holds none yet, then lets it go once they have one', () => {
    const { clock, workshop, members, visits, claimed, prewarm, join } = setup(100);
    expect(prewarm.wanted(workshop)).toBe(100);
    join(100);
    // The whole class opened the lesson; 10 have their sandbox, 90 are still being handed theirs.
    for (const m of members) visits.set(m.learner, clock.now());
    for (const m of members.slice(0, 10)) claimed.push({ learner: m.learner, lesson: LESSON });
    expect(prewarm.wanted(workshop)).toBe(90);
    for (const m of members.slice(10)) claimed.push({ learner: m.learner, lesson: LESSON });
    expect(prewarm.wanted(workshop)).toBe(0);
  });

  it('stops counting a member who opened the lesson long ago and has no sandbox (they left, or moved on)', () => {
    const { clock, workshop, members, visits, prewarm, join } = setup(30);
    join(30);
    for (const m of members) visits.set(m.learner, clock.now());
    expect(prewarm.wanted(workshop)).toBe(30);
    clock.advance(ARRIVING_MS);
    expect(prewarm.wanted(workshop)).toBe(0);
  });

  it('shows on the grid what the last update counted, without reading every member again', async () => {
    const { workshop, members, visits, clock, prewarm, join, targets } = setup(100);
    join(100);
    await prewarm.update();
    expect(targets).toEqual([100]);
    expect(prewarm.status(workshop).wanted).toBe(100);
    // The class opened the lesson long ago and left: the grid says so after the next update, not before.
    for (const m of members) visits.set(m.learner, clock.now());
    clock.advance(ARRIVING_MS);
    expect(prewarm.status(workshop).wanted).toBe(100);
    await prewarm.update();
    expect(targets).toEqual([100, 0]);
    expect(prewarm.status(workshop).wanted).toBe(0);
  });
});

describe('the pre-warm of a lab lesson', () => {
  const NODES = ['manager', 'worker1', 'worker2'];

  function labSetup(capacity: number, availableMb: number) {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
    const workshop: WorkshopRecord = {
      id: 'w1', code: 'ABCDEF', title: 'Class', lessons: ['orchestration/swarm'], capacity, startsAt: clock.now() - 60_000,
      endsAt: clock.now() + 3_600_000, sandboxMinutes: 60, passwordHash: undefined, prewarmShare: 1, endedAt: undefined,
      createdBy: 'i', createdAt: clock.now() - 120_000,
    };
    const store = { members: () => [], progress: () => ({ lessons: {} }), workshops: () => [workshop] } as unknown as Store;
    const profileTargets: [string, number][] = [];
    const labTargets: [string, number][] = [];
    const manager = {
      list: () => [],
      pooled: () => [],
      size: 0,
      warmLabs: () => 0,
      setPoolTarget: (p: string, _r: string, n: number) => void profileTargets.push([p, n]),
      setLabPoolTarget: (shape: { profile: string; nodes: string[] }, _r: string, n: number) => void labTargets.push([`${shape.profile}:${shape.nodes.join(',')}`, n]),
    } as unknown as SandboxManager;
    const catalog = new Map([['docker', { pool: 0, profile: { limits: { memoryMb: 1024 } } }]]) as unknown as ConstructorParameters<typeof Prewarm>[0]['catalog'];
    const prewarm = new Prewarm({
      store, manager, clock, catalog, profileOf: () => 'docker', nodesOf: () => NODES, maxSandboxes: 200, minFreeMemoryMb: 0,
      availableMemoryMb: async () => availableMb,
    });
    return { workshop, prewarm, profileTargets, labTargets };
  }

  it('asks for a ready lab per learner, not single sandboxes of the profile', async () => {
    const { workshop, prewarm, profileTargets, labTargets } = labSetup(4, 64_000);
    await prewarm.update();
    expect(labTargets).toEqual([['docker:manager,worker1,worker2', 4]]);
    expect(profileTargets).toEqual([['docker', 0]]);
    // 64 000 MB hold 62 docker sandboxes: 20 labs of three.
    expect(prewarm.status(workshop)).toEqual({ wanted: 4, ready: 0, hostCanHold: 20 });
  });

  it('counts each lab as N sandboxes of memory: a host with room for 7 sandboxes holds 2 labs', async () => {
    const { prewarm, labTargets } = labSetup(10, 7 * 1024);
    await prewarm.update();
    expect(labTargets).toEqual([['docker:manager,worker1,worker2', 2]]);
  });
});
