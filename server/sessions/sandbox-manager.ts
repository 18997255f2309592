/**
 * Learner ↔ sandbox. Hands each learner's lesson a sandbox (from the warm pool when it can), keeps the
 * pool filled, enforces the limits (global, per learner, per address, host pressure) with a queue when
 * full, removes sandboxes whose lease ended, and after a restart rebuilds all of this from the engine.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { BoxlabError } from '../domain/errors.ts';
import { errorCodes } from '../contracts/errors.ts';
import { expiryMessage, judgeLease } from '../domain/lease.ts';
import type { RateLimiter } from '../domain/rate-limit.ts';
import { WaitQueue } from '../domain/wait-queue.ts';
import { claimedName, parseName, poolName } from '../sandbox/claims.ts';
import { lessonKey } from '../contracts/lesson-id.ts';
import { fromLabels, instanceFilter, toLabels } from '../sandbox/labels.ts';
import { isCpusetRefused, type CpuPlacement } from '../sandbox/cpu-placement.ts';
import { specFingerprint, specFor, type SandboxProfile } from '../sandbox/profiles.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { waitUntilReady } from '../sandbox/readiness.ts';
import type { NetworkMode } from '../contracts/lesson.ts';
import type { HostPressure } from './host-pressure.ts';

export interface Sandbox {
  id: string;
  name: string;
  /** The random part of its name, which never changes (a claim renames the sandbox): keys its agent directory. */
  key: string;
  /** What `hostname` prints inside it. */
  hostname: string;
  profile: SandboxProfile;
  createdAt: number;
  /** Set once the sandbox belongs to a learner's lesson; a pool sandbox has none. */
  learner: string;
  lesson: string;
  expiresAt: number;
  lastActivityAt: number;
  attachedClients: number;
  /** The learner was told this sandbox is about to expire. */
  warned: boolean;
}

export interface AcquireOptions {
  /** The lesson's network (contracts/lesson.ts); an `isolated` one is never taken from the pool. */
  network?: NetworkMode | undefined;
  /** Client address, for the per-address creation rate. */
  ip?: string | undefined;
  /** Stop waiting in the queue (the learner left). */
  signal?: AbortSignal | undefined;
  /** Called with the learner's place in the queue while all sandboxes are busy. */
  onQueued?: ((position: number) => void) | undefined;
}

export interface ManagerEvents {
  /** After a sandbox is removed, so terminals attached to it can be closed. */
  removed?: (sandbox: Sandbox, reason: string) => void;
  /** Shortly before a sandbox's time-to-live ends. */
  expiring?: (sandbox: Sandbox, msLeft: number) => void;
  /** After a sandbox is handed to a learner's lesson (fresh or from the pool), before it is returned. */
  claimed?: (sandbox: Sandbox) => Promise<void>;
}

export interface ManagerOptions {
  runtime: SandboxRuntime;
  clock: Clock;
  instance: string;
  extraLabels: Record<string, string>;
  idleTimeoutMs: number;
  ttlMs: number;
  maxLifetimeMs: number;
  expiryWarningMs: number;
  maxSandboxes: number;
  maxPerLearner: number;
  queueTimeoutMs: number;
  /** Profiles this server can run: the profile, its image tag, and how many to keep warm. */
  profiles: Map<string, { profile: SandboxProfile; imageTag: string; pool: number }>;
  /** lesson key (claims.ts) → lesson id, for reading claims back after a restart. */
  lessonKeys: Map<string, string>;
  rateLimiter: RateLimiter;
  pressure: HostPressure;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  events?: ManagerEvents;
  /** Each sandbox's host directory for its terminal agents (terminal/agent-links.ts). */
  agentDirs: AgentDirs;
  /** Pins new sandboxes to host CPUs (BOXLAB_CPU_PINNING); undefined: they run on any. */
  cpuPlacement?: CpuPlacement | undefined;
}

export interface AgentDirs {
  /** Make the directory of sandbox `key` and listen in it; returns its path. */
  prepare(key: string): Promise<string>;
  /** The sandbox is gone: close its links and remove its directory. */
  release(key: string): Promise<void>;
  /** Remove the directories of every sandbox but these (at start-up, after adopting what is left). */
  prune(keep: ReadonlySet<string>): Promise<number>;
}

const key = (learner: string, lesson: string) => `${learner}\0${lesson}`;
/** A sandbox's hostname comes from its name's random suffix, so it can be told again after a restart. */
const hostnameFor = (suffix: string) => `box-${suffix.slice(0, 6)}`;
const keyOf = (name: string) => parseName(name).base.split('-').pop() ?? '';

/**
 * One acquire shared by every call for the same learner and lesson (two terminals on a page, two tabs). It stops
 * waiting only when all of them have left: one tab closing must not cancel the other's place in the queue.
 */
interface PendingAcquire {
  readonly work: Promise<Sandbox>;
  /** Callers still waiting; one without a signal never leaves. */
  callers: number;
  stop: AbortController;
  onQueued: Set<(position: number) => void>;
}

function joinAcquire(entry: PendingAcquire, opts: AcquireOptions): void {
  entry.callers++;
  const tell = opts.onQueued;
  if (tell) entry.onQueued.add(tell);
  const signal = opts.signal;
  if (!signal) return;
  const leave = () => {
    if (tell) entry.onQueued.delete(tell);
    if (--entry.callers === 0) entry.stop.abort();
  };
  if (signal.aborted) leave();
  else signal.addEventListener('abort', leave, { once: true });
}

export class SandboxManager {
  private readonly claimed = new Map<string, Sandbox>();
  private readonly pending = new Map<string, PendingAcquire>();
  /** Each learner's acquires for different lessons, one after the other (see claimFor). */
  private readonly learnerTurns = new Map<string, Promise<unknown>>();
  private readonly pool = new Map<string, Sandbox[]>();
  /** Slots taken by sandboxes on their way into `claimed` or a pool (being created, renamed or warmed up). */
  private reserved = 0;
  /** Sandboxes the engine failed to remove: still running, still counted, retried by the reaper. */
  private readonly unremoved = new Set<{ id: string; key: string }>();
  private filling = false;
  private stopped = false;
  private readonly queue = new WaitQueue();
  private readonly o: ManagerOptions;
  private placement: CpuPlacement | undefined;

  constructor(options: ManagerOptions) {
    this.o = options;
    this.placement = options.cpuPlacement;
  }

  /** Every sandbox this server holds or is creating. */
  get size(): number {
    let pooled = 0;
    for (const p of this.pool.values()) pooled += p.length;
    return this.claimed.size + pooled + this.reserved + this.unremoved.size;
  }

  /**
   * Take a slot in the same step as the check that there is one: between a check and an await, another learner
   * (or the pool) would see the same free slot. Released when the sandbox is in `claimed` or a pool, or failed.
   */
  private reserve(): { release(): void } {
    this.reserved++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.reserved--;
      },
    };
  }

  get queued(): number {
    return this.queue.length;
  }

  list(): Sandbox[] {
    return [...this.claimed.values()];
  }

  pooled(profile = 'shell'): Sandbox[] {
    return [...(this.pool.get(profile) ?? [])];
  }

  find(learner: string, lesson: string): Sandbox | undefined {
    return this.claimed.get(key(learner, lesson));
  }

  /** The learner's sandbox for this lesson, claimed or created if there is none. Concurrent calls share one. */
  async acquire(learner: string, lesson: string, profileName: string, opts: AcquireOptions = {}): Promise<Sandbox> {
    const k = key(learner, lesson);
    const existing = this.claimed.get(k);
    if (existing) {
      // A learner can stop their own sandbox (`kill 1` ends its init); then they get a fresh one.
      const info = await this.o.runtime.inspect(existing.id).catch(() => undefined);
      if (info?.running) return existing;
      await this.remove(existing, 'stopped').catch(() => this.forget(existing));
      // Another call for this learner and lesson (a second terminal on the page) may have replaced it meanwhile.
      const replaced = this.claimed.get(k);
      if (replaced) return replaced;
    }
    const inFlight = this.pending.get(k);
    if (inFlight) {
      joinAcquire(inFlight, opts);
      return inFlight.work;
    }
    const profile = this.o.profiles.get(profileName);
    if (!profile) {
      throw new BoxlabError(errorCodes.PROFILE_UNAVAILABLE, `This server does not offer the "${profileName}" sandbox this lesson needs. Ask the operator to enable it (see docs/operators.md).`);
    }
    const stop = new AbortController();
    const onQueued = new Set<(position: number) => void>();
    const shared = { ...opts, signal: stop.signal, onQueued: (p: number) => onQueued.forEach((tell) => tell(p)) };
    const work = this.claimFor(learner, lesson, profileName, shared).finally(() => this.pending.delete(k));
    const entry: PendingAcquire = { work, callers: 0, stop, onQueued };
    joinAcquire(entry, opts);
    this.pending.set(k, entry);
    return work;
  }

  /**
   * One learner's acquires for different lessons run one after the other: each counts the learner's sandboxes for
   * `maxPerLearner` before it makes one, and two at once (several lessons opened together) would both count the
   * same, too few.
   */
  private claimFor(learner: string, lesson: string, profileName: string, opts: AcquireOptions): Promise<Sandbox> {
    const before = this.learnerTurns.get(learner) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.claimNow(learner, lesson, profileName, opts));
    this.learnerTurns.set(learner, mine);
    const done = () => {
      if (this.learnerTurns.get(learner) === mine) this.learnerTurns.delete(learner);
    };
    mine.then(done, done);
    return mine;
  }

  private async claimNow(learner: string, lesson: string, profileName: string, opts: AcquireOptions): Promise<Sandbox> {
    if (opts.ip !== undefined && this.o.rateLimiter.take(opts.ip) > 0) {
      throw new BoxlabError(errorCodes.RATE_LIMITED, 'Sandboxes are being started too quickly from your address. Please wait a minute and reload.');
    }
    await this.recycleForLearner(learner);
    for (;;) {
      const warm = opts.network === 'isolated' ? undefined : this.pool.get(profileName)?.shift();
      if (warm) {
        // Out of the pool and not yet claimed while it is renamed: still counted.
        const slot = this.reserve();
        this.fillPool();
        return this.claim(warm, learner, lesson, true, slot);
      }
      if (this.size < this.o.maxSandboxes) break;
      await this.queue.wait({ timeoutMs: this.o.queueTimeoutMs, signal: opts.signal, onPosition: (p) => opts.onQueued?.(p) });
    }
    const slot = this.reserve();
    try {
      const reason = await this.o.pressure.reason();
      if (reason) throw new BoxlabError(errorCodes.HOST_BUSY, `No new sandbox can start right now: ${reason}. Please try again later.`);
      const fresh = await this.create(profileName, { learner, lesson }, opts.network ?? 'none');
      return await this.claim(fresh, learner, lesson, false, slot);
    } catch (err) {
      // The slot this learner took is free again: the next one waiting may use it.
      slot.release();
      this.queue.wakeOne();
      throw err;
    }
  }

  /** A learner at their limit gives up their least recently used sandbox for the new lesson. */
  private async recycleForLearner(learner: string): Promise<void> {
    const mine = this.list().filter((s) => s.learner === learner);
    if (mine.length < this.o.maxPerLearner) return;
    mine.sort((a, b) => a.lastActivityAt - b.lastActivityAt);
    for (const s of mine.slice(0, mine.length - this.o.maxPerLearner + 1)) {
      await this.remove(s, 'recycled for another lesson');
    }
  }

  private async create(profileName: string, owner: { learner: string; lesson: string } | undefined, network: NetworkMode = 'none'): Promise<Sandbox> {
    const entry = this.o.profiles.get(profileName)!;
    const now = this.o.clock.now();
    const suffix = randomBytes(5).toString('hex');
    const base = poolName(this.o.instance, suffix);
    const hostname = hostnameFor(suffix);
    const expiresAt = now + this.o.ttlMs;
    const name = owner ? claimedName(base, { learner: owner.learner, lessonKey: lessonKey(owner.lesson), expiresAt }) : base;
    const spec = specFingerprint(entry.profile, entry.imageTag);
    const labelsWith = (cpus?: string) => toLabels({ instance: this.o.instance, profile: profileName, createdAt: now, spec, cpus }, this.o.extraLabels);
    try {
      const agentDir = await this.o.agentDirs.prepare(suffix);
      const input = { imageTag: entry.imageTag, name, hostname, network, agentDir };
      const cpuset = this.placement?.place(suffix, entry.profile.limits.cpus);
      const info = await this.o.runtime
        .create(specFor(entry.profile, { ...input, labels: labelsWith(cpuset), cpuset }))
        .catch(async (err: unknown) => {
          if (!this.placement || !isCpusetRefused(err)) throw err;
          // An engine whose host restricts the CPUs it may use: run every sandbox unpinned from now on.
          this.o.log.warn({ err }, 'the engine refused a CPU pin; sandboxes run on any CPU from now on');
          this.placement = undefined;
          return this.o.runtime.create(specFor(entry.profile, { ...input, labels: labelsWith() }));
        })
        .catch(async (err: unknown) => {
          this.placement?.release(suffix);
          await this.o.agentDirs.release(suffix).catch(() => undefined);
          throw err;
        });
      return {
        id: info.id,
        name,
        key: suffix,
        hostname,
        profile: entry.profile,
        createdAt: now,
        learner: owner?.learner ?? '',
        lesson: owner?.lesson ?? '',
        expiresAt,
        lastActivityAt: now,
        attachedClients: 0,
        warned: false,
      };
    } catch (err) {
      const missingImage = /no such image/i.test(String((err as Error).message));
      if (missingImage) {
        throw new BoxlabError(errorCodes.IMAGE_MISSING, `The "${profileName}" learner image is missing on this server. The operator must run: npm run images`, { cause: err });
      }
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your sandbox could not be started. Please try again; if it keeps failing, tell the operator.', { cause: err });
    }
  }

  /** `slot`: the reservation that counted the sandbox until now; released once `claimed` counts it (or it failed). */
  private async claim(sandbox: Sandbox, learner: string, lesson: string, fromPool: boolean, slot: { release(): void }): Promise<Sandbox> {
    const now = this.o.clock.now();
    if (fromPool) {
      // The time-to-live starts when the learner gets the sandbox, not when the pool made it.
      const expiresAt = now + this.o.ttlMs;
      const name = claimedName(parseName(sandbox.name).base, { learner, lessonKey: lessonKey(lesson), expiresAt });
      try {
        await this.o.runtime.rename(sandbox.id, name);
      } catch (err) {
        await this.destroy(sandbox).catch(() => undefined);
        slot.release();
        throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your sandbox could not be prepared. Please reload the page.', { cause: err });
      }
      Object.assign(sandbox, { name, learner, lesson, expiresAt, lastActivityAt: now });
    }
    this.claimed.set(key(learner, lesson), sandbox);
    slot.release();
    this.o.log.info({ sandbox: sandbox.id, learner, lesson, fromPool }, 'sandbox claimed');
    try {
      await this.o.events?.claimed?.(sandbox);
    } catch (err) {
      this.o.log.warn({ sandbox: sandbox.id, err }, 'sandbox setup failed');
    }
    return sandbox;
  }

  /** Keep every profile's pool at its size, in the background, without taking a queued learner's slot. */
  fillPool(): void {
    if (this.filling || this.stopped) return;
    this.filling = true;
    void (async () => {
      try {
        for (const [name, entry] of this.o.profiles) {
          const pool = this.pool.get(name) ?? [];
          this.pool.set(name, pool);
          while (!this.stopped && pool.length < entry.pool && this.size < this.o.maxSandboxes && this.queue.length === 0) {
            // Counted from the check above until it is in the pool, its warm-up included.
            const slot = this.reserve();
            try {
              if (await this.o.pressure.reason()) return;
              const sandbox = await this.create(name, undefined);
              // A pool sandbox is only worth having once its services are up (the docker profile's engine).
              const ready = await waitUntilReady(this.o.runtime, sandbox.id, sandbox.profile).then(
                () => true,
                (err: unknown) => (this.o.log.warn({ sandbox: sandbox.id, err }, 'pool sandbox did not get ready; removed'), false),
              );
              if (this.stopped || !ready) {
                await this.destroy(sandbox).catch(() => undefined);
                return;
              }
              pool.push(sandbox);
              // A learner who queued while it warmed up can have it.
              this.queue.wakeOne();
            } finally {
              slot.release();
            }
          }
        }
      } catch (err) {
        this.o.log.error({ err }, 'could not fill the warm pool; will retry');
      } finally {
        this.filling = false;
      }
    })();
  }

  /** Mark activity (input, output, attach) so the idle timeout starts again. */
  touch(sandbox: Sandbox): void {
    sandbox.lastActivityAt = this.o.clock.now();
  }

  /** Count an attached terminal client; returns the function that releases it. */
  attach(sandbox: Sandbox): () => void {
    sandbox.attachedClients++;
    this.touch(sandbox);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      sandbox.attachedClients--;
      this.touch(sandbox);
    };
  }

  /** The warning to show while a sandbox is in its last minutes (after `expiring` fired), else undefined. */
  expiryNotice(sandbox: Sandbox): string | undefined {
    return sandbox.warned ? expiryMessage(sandbox.expiresAt - this.o.clock.now()) : undefined;
  }

  /** Push the sandbox's end a time-to-live away (capped by the maximum lifetime). Returns the new end. */
  async extend(sandbox: Sandbox): Promise<number> {
    const now = this.o.clock.now();
    const expiresAt = Math.min(now + this.o.ttlMs, sandbox.createdAt + this.o.maxLifetimeMs);
    if (expiresAt <= sandbox.expiresAt) return sandbox.expiresAt;
    const name = claimedName(parseName(sandbox.name).base, { learner: sandbox.learner, lessonKey: lessonKey(sandbox.lesson), expiresAt });
    await this.o.runtime.rename(sandbox.id, name);
    Object.assign(sandbox, { name, expiresAt, warned: false });
    this.touch(sandbox);
    return expiresAt;
  }

  async remove(sandbox: Sandbox, reason: string): Promise<void> {
    const k = key(sandbox.learner, sandbox.lesson);
    if (this.claimed.get(k) === sandbox) this.claimed.delete(k);
    for (const pool of this.pool.values()) {
      const i = pool.indexOf(sandbox);
      if (i >= 0) pool.splice(i, 1);
    }
    this.o.events?.removed?.(sandbox, reason);
    try {
      await this.destroy(sandbox);
      this.o.log.info({ sandbox: sandbox.id, learner: sandbox.learner, reason }, 'sandbox removed');
    } catch (err) {
      this.unremoved.add(sandbox);
      throw err;
    } finally {
      this.queue.wakeOne();
      this.fillPool();
    }
  }

  /** Forget a sandbox the engine no longer has (removed behind our back). */
  forget(sandbox: Sandbox): void {
    const k = key(sandbox.learner, sandbox.lesson);
    if (this.claimed.get(k) === sandbox) this.claimed.delete(k);
    this.o.events?.removed?.(sandbox, 'gone');
    this.placement?.release(sandbox.key);
    void this.o.agentDirs.release(sandbox.key).catch(() => undefined);
    this.queue.wakeOne();
  }

  private async destroy(sandbox: { id: string; key: string }): Promise<void> {
    await this.o.runtime.remove(sandbox.id);
    this.placement?.release(sandbox.key);
    await this.o.agentDirs.release(sandbox.key).catch((err: unknown) => this.o.log.warn({ sandbox: sandbox.id, err }, 'could not remove the agent directory'));
  }

  /** Warn learners whose sandbox is about to expire; remove every sandbox whose lease has ended. */
  async reap(): Promise<number> {
    const now = this.o.clock.now();
    let removed = 0;
    for (const sandbox of [...this.unremoved]) {
      try {
        await this.destroy(sandbox);
        this.unremoved.delete(sandbox);
        removed++;
        this.queue.wakeOne();
      } catch (err) {
        this.o.log.warn({ sandbox: sandbox.id, err }, 'sandbox still not removed; will retry');
      }
    }
    for (const sandbox of this.list()) {
      const verdict = judgeLease(sandbox, { idleTimeoutMs: this.o.idleTimeoutMs }, now);
      if (verdict.keep) {
        const left = sandbox.expiresAt - now;
        if (!sandbox.warned && left <= this.o.expiryWarningMs) {
          sandbox.warned = true;
          this.o.events?.expiring?.(sandbox, left);
        }
        continue;
      }
      try {
        await this.remove(sandbox, verdict.reason);
        removed++;
      } catch (err) {
        this.o.log.warn({ sandbox: sandbox.id, err }, 'reaper could not remove sandbox; will retry');
      }
    }
    // A pool sandbox nobody claimed within a time-to-live is replaced, so the pool never grows stale.
    for (const pool of this.pool.values()) {
      for (const sandbox of pool.filter((s) => now - s.createdAt > this.o.ttlMs)) {
        // A learner may have claimed it while the one before was being removed.
        if (!pool.includes(sandbox)) continue;
        await this.remove(sandbox, 'stale pool sandbox').catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  /**
   * At start-up: adopt this instance's sandboxes from the engine (claimed ones by their names, unclaimed
   * ones into the pool) and remove the rest: bad labels, stopped, expired, a profile or lesson this server
   * no longer has, a duplicate for the same learner and lesson, or more than a pool needs.
   */
  async reconcile(): Promise<{ adopted: number; pooled: number; removed: number }> {
    const now = this.o.clock.now();
    const found = await this.o.runtime.list(instanceFilter(this.o.instance));
    const parsed = found
      .map((info) => ({ info, labels: fromLabels(info.labels), claim: parseName(info.name).claim }))
      .sort((a, b) => (b.labels?.createdAt ?? 0) - (a.labels?.createdAt ?? 0));
    let adopted = 0;
    let pooled = 0;
    let removed = 0;
    for (const { info, labels, claim } of parsed) {
      const entry = labels && this.o.profiles.get(labels.profile);
      const lesson = claim && this.o.lessonKeys.get(claim.lessonKey);
      const pool = labels ? (this.pool.get(labels.profile) ?? []) : [];
      const keep =
        labels && entry && info.running && labels.instance === this.o.instance &&
        (claim
          ? lesson !== undefined && claim.expiresAt > now && !this.claimed.has(key(claim.learner, lesson))
          : // A learner's sandbox is kept whatever changed (their work is in it); a pooled one only if it is current.
            pool.length < entry.pool && now - labels.createdAt < this.o.ttlMs && labels.spec === specFingerprint(entry.profile, entry.imageTag));
      if (!keep || !labels || !entry) {
        await this.destroy({ id: info.id, key: keyOf(info.name) });
        removed++;
        continue;
      }
      const sandbox: Sandbox = {
        id: info.id,
        name: info.name,
        key: keyOf(info.name),
        hostname: hostnameFor(keyOf(info.name)),
        profile: entry.profile,
        createdAt: labels.createdAt,
        learner: claim?.learner ?? '',
        lesson: lesson ?? '',
        expiresAt: claim?.expiresAt ?? labels.createdAt + this.o.ttlMs,
        // The engine does not know when the learner last typed; count the restart as activity.
        lastActivityAt: now,
        attachedClients: 0,
        warned: false,
      };
      if (labels.cpus) this.placement?.adopt(sandbox.key, labels.cpus, entry.profile.limits.cpus);
      if (claim && lesson !== undefined) {
        this.claimed.set(key(claim.learner, lesson), sandbox);
        adopted++;
      } else {
        pool.push(sandbox);
        this.pool.set(labels.profile, pool);
        pooled++;
      }
    }
    const held = new Set([...this.claimed.values(), ...[...this.pool.values()].flat()].map((s) => s.key));
    await this.o.agentDirs.prune(held).catch((err: unknown) => this.o.log.warn({ err }, 'could not prune agent directories'));
    // Private networks whose sandbox is gone (a crash between the two removals).
    await this.o.runtime.pruneNetworks(instanceFilter(this.o.instance)).catch((err: unknown) => this.o.log.warn({ err }, 'could not prune networks'));
    this.o.log.info({ adopted, pooled, removed }, 'reconciled sandboxes with the engine');
    return { adopted, pooled, removed };
  }

  /** Stop filling the pool (server shutdown). Sandboxes stay for the next start to adopt. */
  stop(): void {
    this.stopped = true;
  }
}
