/**
 * Learner ↔ sandbox. Finds or creates the sandbox for a learner's lesson, counts who is attached,
 * removes sandboxes whose lease ended, and after a restart rebuilds all of this from the engine's labels.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { BoxlabError, errorCodes } from '../domain/errors.ts';
import { judgeLease } from '../domain/lease.ts';
import { fromLabels, instanceFilter, toLabels } from '../sandbox/labels.ts';
import { specFor, type SandboxProfile } from '../sandbox/profiles.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';

export interface Sandbox {
  id: string;
  name: string;
  hostname: string;
  learner: string;
  lesson: string;
  profile: SandboxProfile;
  createdAt: number;
  expiresAt: number;
  lastActivityAt: number;
  attachedClients: number;
}

export interface ManagerOptions {
  runtime: SandboxRuntime;
  clock: Clock;
  instance: string;
  extraLabels: Record<string, string>;
  idleTimeoutMs: number;
  ttlMs: number;
  maxSandboxes: number;
  /** Profiles this server can run, with the image tag each uses. */
  profiles: Map<string, { profile: SandboxProfile; imageTag: string }>;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Awaited after a sandbox is created, before anyone gets it (runs the lesson's setup script). Must not throw. */
  onCreated?: (sandbox: Sandbox) => Promise<void>;
  /** Called after a sandbox is removed, so terminals attached to it can be closed. */
  onRemoved?: (sandbox: Sandbox, reason: string) => void;
}

const key = (learner: string, lesson: string) => `${learner}\0${lesson}`;

export class SandboxManager {
  private readonly byKey = new Map<string, Sandbox>();
  private readonly pending = new Map<string, Promise<Sandbox>>();
  private readonly o: ManagerOptions;

  constructor(options: ManagerOptions) {
    this.o = options;
  }

  get size(): number {
    return this.byKey.size + this.pending.size;
  }

  list(): Sandbox[] {
    return [...this.byKey.values()];
  }

  find(learner: string, lesson: string): Sandbox | undefined {
    return this.byKey.get(key(learner, lesson));
  }

  /** The learner's sandbox for this lesson, created if there is none. Concurrent calls share one creation. */
  async acquire(learner: string, lesson: string, profileName: string): Promise<Sandbox> {
    const k = key(learner, lesson);
    const existing = this.byKey.get(k);
    if (existing) return existing;
    const inFlight = this.pending.get(k);
    if (inFlight) return inFlight;
    const profile = this.o.profiles.get(profileName);
    if (!profile) {
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, `This server does not offer the "${profileName}" sandbox profile this lesson needs. Ask the operator to enable it.`);
    }
    if (this.size >= this.o.maxSandboxes) {
      throw new BoxlabError(errorCodes.CAPACITY, 'All sandboxes are busy right now. Please try again in a few minutes.');
    }
    const creation = this.create(learner, lesson, profile.profile, profile.imageTag).finally(() => this.pending.delete(k));
    this.pending.set(k, creation);
    return creation;
  }

  private async create(learner: string, lesson: string, profile: SandboxProfile, imageTag: string): Promise<Sandbox> {
    const now = this.o.clock.now();
    const suffix = randomBytes(5).toString('hex');
    const sandbox: Sandbox = {
      id: '',
      name: `boxlab-${this.o.instance}-${suffix}`,
      hostname: `box-${suffix.slice(0, 6)}`,
      learner,
      lesson,
      profile,
      createdAt: now,
      expiresAt: now + this.o.ttlMs,
      lastActivityAt: now,
      attachedClients: 0,
    };
    const labels = toLabels(
      { instance: this.o.instance, learner, lesson, profile: profile.name, createdAt: now, expiresAt: sandbox.expiresAt },
      this.o.extraLabels,
    );
    try {
      const info = await this.o.runtime.create(specFor(profile, { imageTag, name: sandbox.name, hostname: sandbox.hostname, labels }));
      sandbox.id = info.id;
    } catch (err) {
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, 'Your sandbox could not be started. Please try again; if it keeps failing, tell the operator.', { cause: err });
    }
    await this.o.onCreated?.(sandbox);
    this.byKey.set(key(learner, lesson), sandbox);
    this.o.log.info({ sandbox: sandbox.id, learner, lesson, profile: profile.name }, 'sandbox created');
    return sandbox;
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

  async remove(sandbox: Sandbox, reason: string): Promise<void> {
    const k = key(sandbox.learner, sandbox.lesson);
    if (this.byKey.get(k) === sandbox) this.byKey.delete(k);
    this.o.onRemoved?.(sandbox, reason);
    await this.o.runtime.remove(sandbox.id);
    this.o.log.info({ sandbox: sandbox.id, learner: sandbox.learner, reason }, 'sandbox removed');
  }

  /** Forget a sandbox the engine no longer has (removed behind our back). */
  forget(sandbox: Sandbox): void {
    const k = key(sandbox.learner, sandbox.lesson);
    if (this.byKey.get(k) === sandbox) this.byKey.delete(k);
    this.o.onRemoved?.(sandbox, 'gone');
  }

  /** Remove every sandbox whose lease has ended. Returns how many were removed. */
  async reap(): Promise<number> {
    const now = this.o.clock.now();
    let removed = 0;
    for (const sandbox of this.list()) {
      const verdict = judgeLease(sandbox, { idleTimeoutMs: this.o.idleTimeoutMs }, now);
      if (verdict.keep) continue;
      try {
        await this.remove(sandbox, verdict.reason);
        removed++;
      } catch (err) {
        this.o.log.warn({ sandbox: sandbox.id, err }, 'reaper could not remove sandbox; will retry');
      }
    }
    return removed;
  }

  /**
   * At start-up: adopt this instance's sandboxes from the engine, remove orphans (bad labels, stopped,
   * expired, a profile this server no longer offers, or a duplicate for the same learner and lesson).
   */
  async reconcile(): Promise<{ adopted: number; removed: number }> {
    const now = this.o.clock.now();
    const found = await this.o.runtime.list(instanceFilter(this.o.instance));
    // Newest first, so a duplicate pair keeps the newer sandbox.
    const parsed = found
      .map((info) => ({ info, labels: fromLabels(info.labels) }))
      .sort((a, b) => (b.labels?.createdAt ?? 0) - (a.labels?.createdAt ?? 0));
    let adopted = 0;
    let removed = 0;
    for (const { info, labels } of parsed) {
      const profile = labels && this.o.profiles.get(labels.profile);
      const duplicate = labels && this.byKey.has(key(labels.learner, labels.lesson));
      if (!labels || !profile || !info.running || labels.expiresAt <= now || duplicate) {
        await this.o.runtime.remove(info.id);
        removed++;
        continue;
      }
      this.byKey.set(key(labels.learner, labels.lesson), {
        id: info.id,
        name: info.name,
        hostname: '',
        learner: labels.learner,
        lesson: labels.lesson,
        profile: profile.profile,
        createdAt: labels.createdAt,
        expiresAt: labels.expiresAt,
        // The engine does not know when the learner last typed; count the restart as activity.
        lastActivityAt: now,
        attachedClients: 0,
      });
      adopted++;
    }
    this.o.log.info({ adopted, removed }, 'reconciled sandboxes with the engine');
    return { adopted, removed };
  }
}
