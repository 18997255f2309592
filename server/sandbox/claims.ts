/**
 * Who a sandbox belongs to, written into its container name. Labels cannot change after creation, but a
 * name can (docker rename), so a warm-pool sandbox is claimed for a learner by renaming it. The server records
 * the same name in a file of its own first (sessions/claim-records.ts) and renames in the background, since a
 * class arriving at once queues a hundred renames in the engine; after a restart it reads claims back from
 * either (`latestClaim`). Pure.
 *
 *   pool:    bx-<instance>-<suffix>
 *   claimed: bx-<instance>-<suffix>--<learner uuid>--<lesson key>--<expires, unix seconds>
 */
import { lessonKey } from '../contracts/lesson-id.ts';

export interface Claim {
  learner: string;
  /** Short stable key of the lesson id (contracts/lesson-id.ts); the manifest maps it back. */
  lessonKey: string;
  expiresAt: number;
}

const CLAIMED = /^(?<base>bx-.+?)--(?<learner>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})--(?<lesson>[0-9a-f]{8})--(?<exp>\d{1,12})$/;

export function poolName(instance: string, suffix: string): string {
  return `bx-${instance}-${suffix}`;
}

export function claimedName(base: string, claim: Claim): string {
  return `${base}--${claim.learner}--${claim.lessonKey}--${Math.ceil(claim.expiresAt / 1000)}`;
}

export function parseName(name: string): { base: string; claim: Claim | undefined } {
  const m = CLAIMED.exec(name);
  if (!m?.groups) return { base: name, claim: undefined };
  const g = m.groups as { base: string; learner: string; lesson: string; exp: string };
  return { base: g.base, claim: { learner: g.learner, lessonKey: g.lesson, expiresAt: Number(g.exp) * 1000 } };
}

/**
 * The claim of a sandbox, from the name its server recorded and the name the engine has. The record is written
 * first and on every change, so it wins; but a name with a later expiry for the same learner and lesson (an
 * extension renamed when its record could not be written) is newer.
 */
export function latestClaim(recorded: Claim | undefined, named: Claim | undefined): Claim | undefined {
  if (!recorded || !named) return recorded ?? named;
  const same = recorded.learner === named.learner && recorded.lessonKey === named.lessonKey;
  return same && named.expiresAt > recorded.expiresAt ? named : recorded;
}

/** lesson key → lesson id, refusing a set of lessons where two share a key. */
export function lessonKeyMap(lessonIds: Iterable<string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const id of lessonIds) {
    const key = lessonKey(id);
    const other = map.get(key);
    if (other !== undefined && other !== id) throw new Error(`Lessons "${other}" and "${id}" hash to the same key; rename one.`);
    map.set(key, id);
  }
  return map;
}
