/**
 * Every open shell, by sandbox and terminal id. Opening an id that is already running returns that
 * shell, which is what lets a reload, a second tab or a viewer join it.
 */
import { randomInt } from 'node:crypto';
import type { ServerControl } from '../contracts/terminal-protocol.ts';
import type { ClaimedSandbox as Sandbox } from '../sessions/sandbox.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import { DEFAULT_FLOW, type FlowLimits } from './flow-control.ts';
import { TerminalSession } from './terminal-session.ts';
import type { AgentLinks } from './agent-links.ts';

export interface RegistryOptions {
  runtime: SandboxRuntime;
  links: AgentLinks;
  /** Longest a new shell's agent may take to link (it is started by a `docker exec`). */
  linkTimeoutMs?: number;
  replayBytes: number;
  lingerMs: number;
  flow?: FlowLimits;
  onActivity: (sandbox: Sandbox) => void;
}

/**
 * Starts a learner shell's agent (or has the running one link again at once); the wrapper marks every process
 * of the terminal with its id so it can be ended later.
 */
export const terminalCommand = (terminalId: string, size: { cols: number; rows: number }) => ['/usr/local/bin/boxlab-terminal', terminalId, String(size.cols), String(size.rows)];
export const killCommand = (terminalId: string) => ['/usr/local/bin/boxlab-terminal', '--kill', terminalId];

export class TerminalRegistry {
  private readonly sessions = new Map<string, Map<string, Promise<TerminalSession>>>();
  private readonly opts: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.opts = options;
  }

  /** Live shells, for metrics and tests. */
  async all(): Promise<TerminalSession[]> {
    const out: TerminalSession[] = [];
    for (const perSandbox of this.sessions.values()) for (const p of perSandbox.values()) out.push(await p);
    return out;
  }

  async open(sandbox: Sandbox, terminalId: string, size: { cols: number; rows: number }): Promise<TerminalSession> {
    let perSandbox = this.sessions.get(sandbox.id);
    if (!perSandbox) {
      perSandbox = new Map();
      this.sessions.set(sandbox.id, perSandbox);
    }
    const existing = perSandbox.get(terminalId);
    if (existing) {
      const session = await existing.catch(() => undefined);
      if (session && !session.isEnded) return session;
      // Another open of this id (a second tab after the shell ended) may have started a new shell meanwhile.
      if (perSandbox.get(terminalId) !== existing) return this.open(sandbox, terminalId, size);
    }
    const created = this.create(sandbox, terminalId, size);
    perSandbox.set(terminalId, created);
    created.catch(() => {
      if (perSandbox.get(terminalId) === created) perSandbox.delete(terminalId);
    });
    return created;
  }

  private async create(sandbox: Sandbox, terminalId: string, size: { cols: number; rows: number }): Promise<TerminalSession> {
    const { runtime } = this.opts;
    const user = sandbox.profile.user;
    const start = async () => {
      const r = await runtime.exec(sandbox.id, { cmd: terminalCommand(terminalId, size), user, timeoutMs: 10_000 });
      if (r.exitCode !== 0) throw new Error(`boxlab-terminal exited with ${r.exitCode}: ${r.output.trim().slice(-300)}`);
    };
    const proc = await this.opts.links.link(sandbox.suffix, terminalId, start, this.opts.linkTimeoutMs ?? 15_000);
    // An agent that linked again after a restart holds a terminal of the size it had.
    await proc.resize(size.cols, size.rows);
    const session: TerminalSession = new TerminalSession(proc, {
      terminalId,
      sandboxName: sandbox.name,
      replayBytes: this.opts.replayBytes,
      lingerMs: this.opts.lingerMs,
      size,
      flow: this.opts.flow ?? DEFAULT_FLOW,
      onActivity: () => this.opts.onActivity(sandbox),
      onEnd: () => {
        const perSandbox = this.sessions.get(sandbox.id);
        void perSandbox?.get(terminalId)?.then((s) => {
          if (s === session) perSandbox.delete(terminalId);
        });
      },
      kill: async () => {
        await runtime.exec(sandbox.id, { cmd: killCommand(terminalId), user, timeoutMs: 5000 });
      },
      // Anywhere below 2^52 (a multiple of 16): a position from before a restart is not one of this session's.
      firstPosition: randomInt(2 ** 48 - 1) * 16,
    });
    return session;
  }

  /**
   * Start terminal `terminalId`'s shell in a sandbox nobody has yet (a pool sandbox), at a default size: its agent
   * links and waits parked, so the learner who claims the sandbox gets a prompt without a `docker exec`.
   */
  async prestart(sandbox: { id: string; profile: { user: string } }, terminalId = 'main'): Promise<void> {
    const r = await this.opts.runtime.exec(sandbox.id, { cmd: terminalCommand(terminalId, { cols: 80, rows: 24 }), user: sandbox.profile.user, timeoutMs: 10_000 });
    if (r.exitCode !== 0) throw new Error(`boxlab-terminal exited with ${r.exitCode}: ${r.output.trim().slice(-300)}`);
  }

  /** The terminal ids open in a sandbox. */
  terminalsOf(sandboxId: string): string[] {
    return [...(this.sessions.get(sandboxId)?.keys() ?? [])];
  }

  /** The running shell `terminalId` of a sandbox, without starting one (a watcher must not). */
  async existing(sandboxId: string, terminalId: string): Promise<TerminalSession | undefined> {
    const session = await this.sessions.get(sandboxId)?.get(terminalId)?.catch(() => undefined);
    return session && !session.isEnded ? session : undefined;
  }

  /** Send a control message to every client of every shell in a sandbox. */
  async notifySandbox(sandboxId: string, msg: ServerControl): Promise<void> {
    const perSandbox = this.sessions.get(sandboxId);
    if (!perSandbox) return;
    for (const p of perSandbox.values()) (await p.catch(() => undefined))?.notify(msg);
  }

  /** The sandbox is gone: end its shells and tell their clients. */
  async closeSandbox(sandboxId: string, reason: string): Promise<void> {
    const perSandbox = this.sessions.get(sandboxId);
    if (!perSandbox) return;
    this.sessions.delete(sandboxId);
    await Promise.all(
      [...perSandbox.values()].map(async (p) => {
        const s = await p.catch(() => undefined);
        await s?.close(reason);
      }),
    );
  }
}
