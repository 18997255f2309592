import { describe, expect, it } from 'vitest';
import { BoxlabError } from '../../server/domain/errors.ts';
import { expiryMessage } from '../../server/domain/lease.ts';
import { WaitQueue } from '../../server/domain/wait-queue.ts';
import { claimedName, latestClaim, lessonKeyMap, parseName, poolName } from '../../server/sandbox/claims.ts';
import { lessonKey } from '../../server/contracts/lesson-id.ts';

describe('claims in container names', () => {
  const learner = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

  it('round-trip through a name, and a pool name carries none', () => {
    const base = poolName('default', 'abc123');
    const claim = { learner, lessonKey: lessonKey('containers/intro'), expiresAt: 1_800_000_000_000 };
    const name = claimedName(base, claim);
    expect(name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
    expect(parseName(name)).toEqual({ base, claim });
    expect(parseName(base)).toEqual({ base, claim: undefined });
  });

  it('survive instance names with dashes, and reject foreign names', () => {
    const base = poolName('my--odd-instance', 'ff00');
    const claim = { learner, lessonKey: '0000ffff', expiresAt: 42_000 };
    expect(parseName(claimedName(base, claim))).toEqual({ base, claim });
    expect(parseName('bx-x-y--not-a-uuid--0000ffff--1').claim).toBeUndefined();
    expect(parseName('something-else').claim).toBeUndefined();
  });

  it('a recorded claim wins over the name, unless the name has a later expiry for the same learner and lesson', () => {
    const recorded = { learner, lessonKey: '0000ffff', expiresAt: 2_000_000 };
    expect(latestClaim(recorded, undefined)).toBe(recorded);
    expect(latestClaim(undefined, recorded)).toBe(recorded);
    expect(latestClaim(undefined, undefined)).toBeUndefined();
    expect(latestClaim(recorded, { ...recorded, expiresAt: 1_000_000 })).toBe(recorded);
    const extended = { ...recorded, expiresAt: 3_000_000 };
    expect(latestClaim(recorded, extended)).toBe(extended);
    expect(latestClaim(recorded, { ...extended, lessonKey: '1111aaaa' })).toBe(recorded);
  });

  it('key lessons stably and refuse a collision', () => {
    expect(lessonKey('a/b')).toBe(lessonKey('a/b'));
    expect(lessonKey('a/b')).toMatch(/^[0-9a-f]{8}$/);
    expect(lessonKey('a/b')).not.toBe(lessonKey('a/c'));
    expect(lessonKeyMap(['a/b', 'a/c']).get(lessonKey('a/c'))).toBe('a/c');
  });
});

describe('WaitQueue', () => {
  it('serves first come first, telling each waiter its place as it moves up', async () => {
    const q = new WaitQueue();
    const places: Record<string, number[]> = { a: [], b: [] };
    const a = q.wait({ timeoutMs: 10_000, onPosition: (p) => places.a!.push(p) });
    const b = q.wait({ timeoutMs: 10_000, onPosition: (p) => places.b!.push(p) });
    expect(q.length).toBe(2);
    q.wakeOne();
    await a;
    expect(places.b).toEqual([2, 1]);
    q.wakeOne();
    await b;
    expect(q.length).toBe(0);
  });

  it('gives up after its timeout or when the learner leaves, with a coded error', async () => {
    const q = new WaitQueue();
    await expect(q.wait({ timeoutMs: 10, onPosition: () => {} })).rejects.toBeInstanceOf(BoxlabError);
    const left = new AbortController();
    const waiting = q.wait({ timeoutMs: 10_000, signal: left.signal, onPosition: () => {} });
    left.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'capacity' });
    expect(q.length).toBe(0);
  });
});

describe('expiry message', () => {
  it('says how many minutes are left, at least one', () => {
    expect(expiryMessage(5 * 60_000)).toMatch(/ends in 5 min/);
    expect(expiryMessage(1000)).toMatch(/ends in 1 min/);
  });
});
