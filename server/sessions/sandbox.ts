/**
 * The sandbox as the server knows it: a pooled one (started, nobody's yet) or a claimed one (a learner's, for one
 * lesson, on a lease). Built only here, so every place that makes or adopts one fills in the same fields. Pure.
 */
import type { SandboxProfile } from '../sandbox/profiles.ts';

interface SandboxFacts {
  /** The engine's container id. */
  readonly id: string;
  /** The random suffix of its name. It never changes (a claim renames the sandbox), so it names the sandbox's
   *  agent directory and CPU placement. */
  readonly suffix: string;
  /** What `hostname` prints inside it. */
  readonly hostname: string;
  readonly profileName: string;
  readonly profile: SandboxProfile;
  readonly createdAt: number;
}

export interface PooledSandbox extends SandboxFacts {
  readonly state: 'pooled';
  /** Its container name: `poolName()` in sandbox/claims.ts. */
  readonly name: string;
}

export interface ClaimedSandbox extends SandboxFacts {
  readonly state: 'claimed';
  readonly learner: string;
  readonly lesson: string;
  /** In a lab of several machines: which one this is (lab.ts); undefined: the lesson's only sandbox. */
  readonly node?: string | undefined;
  /** A lab node's network (lab.ts): its owner's, or the warm lab's it was claimed from. */
  readonly labNetwork?: string | undefined;
  /**
   * The container name its claim gives it (learner, lesson key, expiry; sandbox/claims.ts): what clients are told, and
   * what it is renamed to when the lease is extended. The engine may still have the name before (`engineName`) while
   * the rename waits its turn (claim-names.ts).
   */
  name: string;
  /** The name the engine has now: `name` once renamed. */
  engineName: string;
  expiresAt: number;
  lastActivityAt: number;
  attachedClients: number;
  /** The learner was told this sandbox is about to expire. */
  warned: boolean;
}

export type Sandbox = PooledSandbox | ClaimedSandbox;

/** Learner and lesson: what a claimed sandbox belongs to. */
export interface Owner {
  learner: string;
  lesson: string;
  /** A lab's machine (lab.ts); undefined: the lesson's only sandbox. */
  node?: string | undefined;
}

/** A sandbox's hostname comes from its name's random suffix, so it can be told again after a restart. */
export const hostnameFor = (suffix: string): string => `box-${suffix.slice(0, 6)}`;

/** The map key of one learner's lesson (and node, in a lab): learner and lesson ids and node names contain no NUL. */
export const ownerKey = (owner: Owner): string => `${owner.learner}\0${owner.lesson}${owner.node === undefined ? '' : `\0${owner.node}`}`;

type Facts = Omit<SandboxFacts, 'hostname'>;

export function pooledSandbox(facts: Facts & { name: string }): PooledSandbox {
  return { ...facts, hostname: hostnameFor(facts.suffix), state: 'pooled' };
}

/**
 * A claimed sandbox: fresh for its learner, taken from the pool, or adopted after a restart. `now` counts as the
 * last activity (the engine does not know when the learner last typed; a restart counts as activity).
 */
export function claimedSandbox(facts: Facts, claim: Owner & { name: string; engineName?: string; expiresAt: number; labNetwork?: string | undefined }, now: number): ClaimedSandbox {
  return {
    id: facts.id,
    suffix: facts.suffix,
    hostname: hostnameFor(facts.suffix),
    profileName: facts.profileName,
    profile: facts.profile,
    createdAt: facts.createdAt,
    state: 'claimed',
    learner: claim.learner,
    lesson: claim.lesson,
    ...(claim.node === undefined ? {} : { node: claim.node }),
    ...(claim.labNetwork === undefined ? {} : { labNetwork: claim.labNetwork }),
    name: claim.name,
    engineName: claim.engineName ?? claim.name,
    expiresAt: claim.expiresAt,
    lastActivityAt: now,
    attachedClients: 0,
    warned: false,
  };
}
