/**
 * At start-up: adopt this instance's sandboxes from the engine (claimed ones by their claim files or names, unclaimed
 * ones into the pool) and remove the rest: bad labels, stopped, expired, a profile or lesson this server no longer has, a
 * duplicate for the same learner and lesson, or more than a pool needs. Docker is the source of truth.
 */
import type { Clock } from '../domain/clock.ts';
import { claimedName, latestClaim, parseName } from '../sandbox/claims.ts';
import { fromLabels, instanceFilter } from '../sandbox/labels.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { Inventory } from './inventory.ts';
import { isWhole, membersOf, type ClaimTarget } from './lab.ts';
import { suffixOf, type AgentDirs, type Log, type SandboxFactory } from './sandbox-factory.ts';
import { claimedSandbox, pooledSandbox } from './sandbox.ts';

export interface ReconcileDeps {
  runtime: SandboxRuntime;
  clock: Clock;
  instance: string;
  catalog: ProfileCatalog;
  /** lesson key (claims.ts) → lesson id, for reading claims back. */
  lessonKeys: ReadonlyMap<string, string>;
  /** A lab node's claim key → its lesson and node (lab.ts labKeyMap). */
  labKeys: ReadonlyMap<string, ClaimTarget>;
  ttlMs: number;
  /** How many pooled sandboxes of a profile to keep: its configured size, or a larger target set before (pre-warm). */
  poolSize?: (profile: string) => number;
  inventory: Inventory;
  factory: SandboxFactory;
  agentDirs: AgentDirs;
  log: Log;
}

export interface ReconcileResult {
  adopted: number;
  pooled: number;
  removed: number;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const { inventory, factory, log } = deps;
  const now = deps.clock.now();
  const found = await deps.runtime.list(instanceFilter(deps.instance));
  // A claim whose rename had not happened yet when the last server stopped is in its file (claim-records.ts).
  const recorded = await Promise.all(found.map((info) => factory.recordedName(suffixOf(info.name))));
  // Newest first: of two claims for one learner's lesson, the newer is kept.
  const parsed = found
    .map((info, i) => {
      const record = recorded[i]!;
      const fromRecord = 'name' in record ? parseName(record.name ?? '').claim : undefined;
      return { info, labels: fromLabels(info.labels), unreadable: 'unreadable' in record, claim: latestClaim(fromRecord, parseName(info.name).claim) };
    })
    .sort((a, b) => (b.labels?.createdAt ?? 0) - (a.labels?.createdAt ?? 0));
  const result: ReconcileResult = { adopted: 0, pooled: 0, removed: 0 };
  // A warm lab the pool made while this ran (a workshop's pre-warm can start before): already in the books.
  const warm = new Set(inventory.allWarmLabs().flatMap((lab) => lab.members.map((m) => m.id)));
  for (const { info, labels, claim, unreadable } of parsed) {
    if (warm.has(info.id)) continue;
    const entry = labels && deps.catalog.get(labels.profile);
    const single = claim && deps.lessonKeys.get(claim.lessonKey);
    const target: ClaimTarget | undefined = claim && (single !== undefined ? { lesson: single } : deps.labKeys.get(claim.lessonKey));
    const lesson = target?.lesson;
    const suffix = suffixOf(info.name);
    const usable = labels && entry && info.running && labels.instance === deps.instance;
    const keepClaimed = usable && claim && lesson !== undefined && claim.expiresAt > now && !inventory.claimedBy({ learner: claim.learner, lesson, node: target?.node });
    // A learner's sandbox is kept whatever changed (their work is in it); a pooled one only if it is current, and
    // never a node of a warm lab nobody claimed (on a lab network, it is no sandbox for one lesson): the pre-warm
    // makes its lab again if it is still wanted, and its network is pruned below.
    // A record that could not be read may hold a learner's claim: such a sandbox is never pooled for someone else.
    if (unreadable && !claim) log.warn({ sandbox: info.id }, 'its claim record cannot be read: removed rather than pooled (it may hold a learner\'s work)');
    const keepPooled =
      usable && !claim && !unreadable && !labels.lab && inventory.pool(labels.profile).length < (deps.poolSize?.(labels.profile) ?? entry.pool) && now - labels.createdAt < deps.ttlMs &&
      labels.spec === factory.fingerprint(labels.profile);
    if (!labels || !entry || !(keepClaimed || keepPooled)) {
      await factory.destroy({ id: info.id, suffix });
      result.removed++;
      continue;
    }
    const facts = { id: info.id, suffix, profileName: labels.profile, profile: entry.profile, createdAt: labels.createdAt };
    if (labels.cpus) factory.adoptPlacement(suffix, labels.cpus, entry.profile.limits.cpus);
    if (keepClaimed && claim && lesson !== undefined) {
      const name = claimedName(parseName(info.name).base, claim);
      inventory.addClaimed(claimedSandbox(facts, { learner: claim.learner, lesson, node: target?.node, labNetwork: labels.lab?.network, name, engineName: info.name, expiresAt: claim.expiresAt }, now));
      result.adopted++;
    } else {
      inventory.addPooled(pooledSandbox({ ...facts, name: info.name }));
      result.pooled++;
    }
  }
  result.removed += await removeBrokenLabs(deps);
  const held = new Set([...inventory.allClaimed(), ...inventory.allPooled()].map((s) => s.suffix));
  await deps.agentDirs.prune(held).catch((err: unknown) => log.warn({ err }, 'could not prune agent directories'));
  await factory.pruneRecords(held).catch((err: unknown) => log.warn({ err }, 'could not prune claim records'));
  // Private networks whose sandbox is gone (a crash between the two removals).
  await deps.runtime.pruneNetworks(instanceFilter(deps.instance)).catch((err: unknown) => log.warn({ err }, 'could not prune networks'));
  log.info({ ...result }, 'reconciled sandboxes with the engine');
  return result;
}

/** Labs are adopted whole or not at all: a lab missing a node (it stopped, or expired) goes with its other nodes. */
async function removeBrokenLabs(deps: ReconcileDeps): Promise<number> {
  const nodesOf = new Map<string, string[]>();
  for (const t of deps.labKeys.values()) if (t.node !== undefined) nodesOf.set(t.lesson, [...(nodesOf.get(t.lesson) ?? []), t.node]);
  let removed = 0;
  const seen = new Set<string>();
  for (const sandbox of deps.inventory.allClaimed()) {
    if (sandbox.node === undefined || seen.has(`${sandbox.learner}\0${sandbox.lesson}`)) continue;
    seen.add(`${sandbox.learner}\0${sandbox.lesson}`);
    const members = membersOf(deps.inventory.allClaimed(), sandbox);
    if (isWhole(members, nodesOf.get(sandbox.lesson) ?? [])) continue;
    for (const m of members) {
      deps.inventory.drop(m);
      await deps.factory.destroy(m).catch(() => deps.inventory.addUnremoved(m));
      removed++;
    }
    deps.log.info({ learner: sandbox.learner, lesson: sandbox.lesson, nodes: members.map((m) => m.node) }, 'removed a lab that was not whole');
  }
  return removed;
}
