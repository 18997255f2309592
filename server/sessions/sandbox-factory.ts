/**
 * Makes, renames and removes sandboxes in the engine, with what each needs on the host: its agent directory and its
 * CPUs. Turns engine failures into coded errors a learner can read. Counting and limits are the manager's.
 */
import { randomBytes } from 'node:crypto';
import type { NetworkMode } from '../contracts/lesson.ts';
import type { Clock } from '../domain/clock.ts';
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes } from '../contracts/errors.ts';
import { claimedName, parseName, poolName } from '../sandbox/claims.ts';
import { isCpusetRefused, type CpuPlacement } from '../sandbox/cpu-placement.ts';
import { toLabels } from '../sandbox/labels.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import { specFingerprint, specFor } from '../sandbox/profiles.ts';
import type { LabNetworkJoin, SandboxRuntime } from '../sandbox/runtime.ts';
import { claimRecordFiles, type ClaimRecords } from './claim-records.ts';
import type { Removable } from './inventory.ts';
import { claimKeyOf, labNetworkName, warmLabNetworkName, type WarmLab } from './lab.ts';
import { claimedSandbox, pooledSandbox, type ClaimedSandbox, type Owner, type PooledSandbox } from './sandbox.ts';

export interface AgentDirs {
  /** Make the directory of the sandbox with this name suffix and listen in it; returns its path. */
  prepare(suffix: string): Promise<string>;
  /** The sandbox is gone: close its links and remove its directory. */
  release(suffix: string): Promise<void>;
  /** Remove the directories of every sandbox but these (at start-up, after adopting what is left). */
  prune(keep: ReadonlySet<string>): Promise<number>;
  /** Where the server records claims (claim-records.ts): beside the sandboxes' directories, mounted by none. */
  readonly claimsDir: string;
}

/** A sandbox's claim record, read at start-up: its name, or none; or unreadable (then its claim is not known). */
export type RecordedName = { name: string | undefined } | { unreadable: unknown };

export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FactoryOptions {
  runtime: SandboxRuntime;
  clock: Clock;
  instance: string;
  extraLabels: Record<string, string>;
  ttlMs: number;
  catalog: ProfileCatalog;
  agentDirs: AgentDirs;
  /** Where claims are recorded before the containers are renamed; default: files in the agent directories. */
  claimRecords?: ClaimRecords | undefined;
  /** Pins new sandboxes to host CPUs (BOXLAB_CPU_PINNING); undefined: they run on any. */
  cpuPlacement?: CpuPlacement | undefined;
  log: Log;
}

/** The random part of a sandbox's container name (see claims.ts). */
export const suffixOf = (name: string): string => parseName(name).base.split('-').pop() ?? '';

export class SandboxFactory {
  private readonly opts: FactoryOptions;
  private readonly records: ClaimRecords;
  private placement: CpuPlacement | undefined;

  constructor(options: FactoryOptions) {
    this.opts = options;
    this.records = options.claimRecords ?? claimRecordFiles(options.agentDirs.claimsDir);
    this.placement = options.cpuPlacement;
  }

  /** A pool sandbox: started, nobody's. */
  async createPooled(profileName: string): Promise<PooledSandbox> {
    const made = await this.create(profileName, undefined, 'none', this.opts.ttlMs);
    return pooledSandbox(made.facts);
  }

  /** A sandbox made for its learner's lesson, named with the claim from the start. */
  async createClaimed(profileName: string, owner: Owner, network: NetworkMode, ttlMs = this.opts.ttlMs, join?: LabNetworkJoin): Promise<ClaimedSandbox> {
    const made = await this.create(profileName, owner, network, ttlMs, join);
    return claimedSandbox(made.facts, { ...owner, name: made.facts.name, expiresAt: made.expiresAt, labNetwork: join?.network }, made.facts.createdAt);
  }

  /**
   * A warm lab (lab.ts): a network of its own and a pool sandbox per node on it, each made on the network under its
   * node's name (no connect afterwards), all at once. A failure removes what was made, the network too.
   */
  async createWarmLab(profileName: string, nodes: readonly string[]): Promise<WarmLab> {
    const network = warmLabNetworkName(this.opts.instance, randomBytes(5).toString('hex'));
    await this.opts.runtime.createNetwork(network, this.networkLabels());
    const made = await Promise.allSettled(nodes.map((node) => this.create(profileName, undefined, 'none', this.opts.ttlMs, { network, alias: node })));
    const members = made.flatMap((r) => (r.status === 'fulfilled' ? [pooledSandbox(r.value.facts)] : []));
    const failed = made.find((r) => r.status === 'rejected');
    if (failed) {
      await this.destroyLab(members, network);
      throw failed.reason;
    }
    return { profile: profileName, nodes: [...nodes], network, members };
  }

  /** Remove a lab's sandboxes, then its network; never rejects (what the engine keeps, a restart prunes). */
  async destroyLab(members: readonly Removable[], network: string): Promise<Removable[]> {
    const results = await Promise.allSettled(members.map((m) => this.destroy(m)));
    const kept = members.filter((_, i) => results[i]!.status === 'rejected');
    await this.opts.runtime.removeNetwork(network).catch((err: unknown) => this.opts.log.warn({ network, err }, 'could not remove a lab network; the next start prunes it'));
    return kept;
  }

  /** Hand a warm lab's node to its learner: the claim recorded (the rename follows), the lab's network kept with it. */
  async claimWarmNode(sandbox: PooledSandbox, owner: Owner, network: string, ttlMs = this.opts.ttlMs): Promise<ClaimedSandbox> {
    return { ...(await this.claimPooled(sandbox, owner, ttlMs)), labNetwork: network };
  }

  /**
   * Hand a pool sandbox to a learner: the claim is recorded (claim-records.ts) and the time-to-live starts now. The
   * engine may still have its pool name: `nameAfterClaim` renames it, in the background (claim-names.ts).
   */
  async claimPooled(sandbox: PooledSandbox, owner: Owner, ttlMs = this.opts.ttlMs): Promise<ClaimedSandbox> {
    const now = this.opts.clock.now();
    const expiresAt = now + ttlMs;
    const names = await this.recordClaim({ id: sandbox.id, suffix: sandbox.suffix, engineName: sandbox.name }, { ...owner, expiresAt });
    return claimedSandbox(sandbox, { ...owner, ...names, expiresAt }, now);
  }

  /**
   * Record a claim (a new one, or a new expiry) of a sandbox so that a restarted server reads it back: in its claim
   * file when that can be written, and the name follows later; if not, in its name now, as before there were claim
   * files. Returns the claimed name and the name the engine has after this. Throws when neither could be written.
   */
  async recordClaim(sandbox: { id: string; suffix: string; engineName: string }, claim: Owner & { expiresAt: number }): Promise<{ name: string; engineName: string }> {
    const name = this.claimedNameOf(sandbox.engineName, claim);
    try {
      await this.records.write(sandbox.suffix, name);
      return { name, engineName: sandbox.engineName };
    } catch (err) {
      this.opts.log.warn({ sandbox: sandbox.id, err }, 'could not record the claim in its file; renaming the sandbox now');
      return { name, engineName: await this.renameTo(sandbox.id, sandbox.engineName, name) };
    }
  }

  /** Give a claimed sandbox's container the name its claim gives it (nothing when it has it). Returns that name. */
  nameAfterClaim(sandbox: ClaimedSandbox): Promise<string> {
    return this.renameTo(sandbox.id, sandbox.engineName, sandbox.name);
  }

  /** The claimed name recorded for the sandbox with this suffix; undefined: none. */
  recordedName(suffix: string): Promise<RecordedName> {
    return this.records.read(suffix).then(
      (name) => ({ name }),
      (err: unknown) => ({ unreadable: err }),
    );
  }

  /** Forget the claim records of every sandbox but these (at start-up, after reconcile). */
  pruneRecords(keep: ReadonlySet<string>): Promise<number> {
    return this.records.prune(keep);
  }

  private claimedNameOf(current: string, claim: Owner & { expiresAt: number }): string {
    return claimedName(parseName(current).base, { learner: claim.learner, lessonKey: claimKeyOf(claim), expiresAt: claim.expiresAt });
  }

  private async renameTo(id: string, current: string, name: string): Promise<string> {
    // The name holds whole seconds: a second extension within the same second has nothing to write (and the engine
    // refuses a rename to the current name).
    if (name === current) return name;
    try {
      await this.opts.runtime.rename(id, name);
    } catch (err) {
      // A rename the engine did although its answer was lost (a timeout under load) is done.
      const info = await this.opts.runtime.inspect(id).catch(() => undefined);
      if (info?.name !== name) throw err;
    }
    return name;
  }

  /** A lab's private network (lab.ts), labelled as this server's so a restart prunes it once no node uses it. */
  async createLabNetwork(owner: Owner): Promise<string> {
    const name = labNetworkName(this.opts.instance, owner);
    await this.opts.runtime.createNetwork(name, this.networkLabels());
    return name;
  }

  private networkLabels(): Record<string, string> {
    return toLabels({ instance: this.opts.instance, profile: 'lab', createdAt: this.opts.clock.now() }, this.opts.extraLabels);
  }

  /** Put a pool sandbox on its lab's network under its node's name. */
  async joinLab(sandbox: PooledSandbox, join: LabNetworkJoin): Promise<void> {
    await this.opts.runtime.joinNetwork(sandbox.id, join);
  }

  /** The lab's network, once its nodes are gone: the one a node carries (a warm lab's), else its owner's. */
  async removeLabNetwork(node: Owner & { labNetwork?: string | undefined }): Promise<void> {
    await this.opts.runtime.removeNetwork(node.labNetwork ?? labNetworkName(this.opts.instance, node));
  }

  /** Remove the container, then what it had on the host. Throws when the engine could not remove it. */
  async destroy(sandbox: Removable): Promise<void> {
    await this.opts.runtime.remove(sandbox.id);
    await this.releaseHostResources(sandbox);
  }

  /** Release its CPUs and agent directory (the container is already gone). Never rejects. */
  async releaseHostResources(sandbox: Removable): Promise<void> {
    this.placement?.release(sandbox.suffix);
    await this.opts.agentDirs.release(sandbox.suffix).catch((err: unknown) => this.opts.log.warn({ sandbox: sandbox.id, err }, 'could not remove the agent directory'));
    await this.records.remove(sandbox.suffix).catch((err: unknown) => this.opts.log.warn({ sandbox: sandbox.id, err }, 'could not remove the claim record'));
  }

  /** Adopted after a restart: its CPUs count again. */
  adoptPlacement(suffix: string, cpus: string, limit: number): void {
    this.placement?.adopt(suffix, cpus, limit);
  }

  fingerprint(profileName: string): string | undefined {
    const entry = this.opts.catalog.get(profileName);
    return entry && specFingerprint(entry.profile, entry.imageTag);
  }

  private async create(profileName: string, owner: Owner | undefined, network: NetworkMode, ttlMs: number, join?: LabNetworkJoin) {
    const entry = this.opts.catalog.get(profileName);
    if (!entry) throw new Error(`no profile "${profileName}" in the catalog`);
    const { runtime, instance, log } = this.opts;
    const now = this.opts.clock.now();
    const suffix = randomBytes(5).toString('hex');
    const base = poolName(instance, suffix);
    const expiresAt = now + ttlMs;
    const name = owner ? claimedName(base, { learner: owner.learner, lessonKey: claimKeyOf(owner), expiresAt }) : base;
    const spec = specFingerprint(entry.profile, entry.imageTag);
    const lab = join && { network: join.network, node: join.alias };
    const labelsWith = (cpus?: string) => toLabels({ instance, profile: profileName, createdAt: now, spec, cpus, lab }, this.opts.extraLabels);
    const facts = pooledSandbox({ id: '', suffix, name, profileName, profile: entry.profile, createdAt: now });
    try {
      const agentDir = await this.opts.agentDirs.prepare(suffix);
      const input = { imageTag: entry.imageTag, name, hostname: facts.hostname, network, agentDir };
      const cpuset = this.placement?.place(suffix, entry.profile.limits.cpus);
      const info = await runtime
        .create({ ...specFor(entry.profile, { ...input, labels: labelsWith(cpuset), cpuset }), join })
        .catch(async (err: unknown) => {
          if (!this.placement || !isCpusetRefused(err)) throw err;
          // An engine whose host restricts the CPUs it may use: run every sandbox unpinned from now on.
          log.warn({ err }, 'the engine refused a CPU pin; sandboxes run on any CPU from now on');
          this.placement = undefined;
          return runtime.create({ ...specFor(entry.profile, { ...input, labels: labelsWith() }), join });
        })
        .catch(async (err: unknown) => {
          this.placement?.release(suffix);
          await this.opts.agentDirs.release(suffix).catch(() => undefined);
          throw err;
        });
      return { facts: { ...facts, id: info.id }, expiresAt };
    } catch (err) {
      if (/no such image/i.test(String((err as Error).message))) {
        throw new BoxlabError(errorCodes.IMAGE_MISSING, `The "${profileName}" learner image is missing on this server. The operator must run: npm run images`, { cause: err });
      }
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your sandbox could not be started. Please try again; if it keeps failing, tell the operator.', { cause: err });
    }
  }
}
