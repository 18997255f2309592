/**
 * A lab: the sandboxes of one learner's lesson when the lesson declares several machines (`nodes`), one per node,
 * on a private network of their own. They are one unit: acquired, counted, kept, extended, removed and adopted
 * together. This file holds the rules; the manager applies them. Pure.
 *
 * Each node is a claimed sandbox whose owner carries the node's name. Its claim (sandbox/claims.ts) holds the key
 * of `<lesson>@<node>` where a single sandbox holds the lesson's key, so a restarted server reads the node back
 * from the container's name, as it reads the learner and lesson (`@` never occurs in a lesson id).
 */
import { labNodeKey, lessonKey } from '../contracts/lesson-id.ts';
import type { LeaseFacts } from '../domain/lease.ts';
import type { ClaimedSandbox, Owner, PooledSandbox } from './sandbox.ts';

/** What a claim's lesson key stands for: a lesson, and the node of its lab when it has several machines. */
export interface ClaimTarget {
  lesson: string;
  node?: string | undefined;
}

/** The key written into a sandbox's name for its owner (claims.ts): the lesson's, or the lab node's. */
export const claimKeyOf = (owner: ClaimTarget): string => (owner.node === undefined ? lessonKey(owner.lesson) : labNodeKey(owner.lesson, owner.node));

/** Claim key → lesson and node, for every lab node of these lessons; refuses two that share a key. */
export function labKeyMap(lessons: Iterable<{ id: string; nodes?: readonly string[] | undefined }>): Map<string, ClaimTarget> {
  const map = new Map<string, ClaimTarget>();
  for (const lesson of lessons) {
    for (const node of lesson.nodes ?? []) {
      const key = claimKeyOf({ lesson: lesson.id, node });
      const other = map.get(key);
      if (other) throw new Error(`Lab nodes "${other.lesson}@${other.node}" and "${lesson.id}@${node}" hash to the same key; rename one.`);
      map.set(key, { lesson: lesson.id, node });
    }
  }
  return map;
}

/**
 * The lab's network: one per learner's lesson, named from both, so a restarted server (or a removal) finds it
 * without keeping any record of its own.
 */
export const labNetworkName = (instance: string, owner: Owner): string => `bx-${instance}-lab-${owner.learner}-${lessonKey(owner.lesson)}`;

/**
 * A warm lab's network: made before anyone owns it, so named from a random id. Its nodes carry it in a label
 * (sandbox/labels.ts), which is how the lab's removal finds it once claimed.
 */
export const warmLabNetworkName = (instance: string, id: string): string => `bx-${instance}-lab-warm-${id}`;

/** What makes two labs interchangeable: the profile and the node names, in order. */
export interface LabShape {
  profile: string;
  nodes: readonly string[];
}

export const shapeKey = (shape: LabShape): string => `${shape.profile}:${shape.nodes.join(',')}`;

/**
 * A lab made ahead for whoever opens a lesson of its shape (warm-pool.ts): its sandboxes already on a network of their
 * own, each under its node's name, in the order of `nodes`. Claiming it is only recording the claims.
 */
export interface WarmLab extends LabShape {
  network: string;
  members: PooledSandbox[];
}

/** The node a terminal, check or setup names, or the lab's first; undefined when the lesson has no such node. */
export function pickNode(nodes: readonly string[], asked: string | undefined): string | undefined {
  if (asked === undefined) return nodes[0];
  return nodes.includes(asked) ? asked : undefined;
}

/** The lab's members among a learner's sandboxes: the claimed sandboxes of the same learner, lesson, with a node. */
export function membersOf(all: Iterable<ClaimedSandbox>, owner: Owner): ClaimedSandbox[] {
  const members: ClaimedSandbox[] = [];
  for (const s of all) if (s.node !== undefined && s.learner === owner.learner && s.lesson === owner.lesson) members.push(s);
  return members;
}

/**
 * The lease of a lab as one: it lives while any of its terminals is attached or any node saw activity, and ends
 * with its first member's time-to-live (they are made and extended together).
 */
export function labLease(members: readonly LeaseFacts[]): LeaseFacts {
  return {
    createdAt: Math.min(...members.map((m) => m.createdAt)),
    expiresAt: Math.min(...members.map((m) => m.expiresAt)),
    lastActivityAt: Math.max(...members.map((m) => m.lastActivityAt)),
    attachedClients: members.reduce((n, m) => n + m.attachedClients, 0),
  };
}

/** A lab is whole when it has exactly one sandbox for every node; an adopted lab that is not is removed. */
export function isWhole(members: readonly { node?: string | undefined }[], nodes: readonly string[]): boolean {
  return members.length === nodes.length && nodes.every((n) => members.some((m) => m.node === n));
}
