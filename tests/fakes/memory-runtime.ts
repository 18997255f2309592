/**
 * An in-memory SandboxRuntime: containers are records, nothing runs. For unit tests of what the server decides
 * (the manager's limits, pool, reaper and reconcile), fast and deterministic. A test can hold any call until it
 * says so (to line up races), make the next call fail, and read what the "engine" holds.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import type { ExecResult, LabNetworkJoin, SandboxInfo, SandboxRuntime, SandboxSpec, ServiceSpec, TerminalProcess } from '../../server/sandbox/runtime.ts';

type Op = 'create' | 'rename' | 'remove' | 'inspect' | 'exec' | 'network';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface MemoryContainer {
  info: SandboxInfo;
  spec: SandboxSpec;
}

export class MemoryRuntime implements SandboxRuntime {
  readonly containers = new Map<string, MemoryContainer>();
  /** Lab networks (createNetwork) → the containers on each, by id → alias. */
  readonly networks = new Map<string, { labels: Record<string, string>; members: Map<string, string> }>();
  /** Images the engine lacks: creating from one fails as Docker's does. */
  readonly missingImages = new Set<string>();
  /** Every call, in order, as `op name-or-id`. */
  readonly calls: string[] = [];
  /** The most containers that ever existed at once. */
  peak = 0;
  /** What `exec` answers (default: exit 0, no output). */
  execResult: (id: string, cmd: string[]) => ExecResult = () => ({ exitCode: 0, output: '', timedOut: false });
  private readonly held = new Map<Op, Gate>();
  private readonly waiting = new Map<Op, number>();
  private readonly failures = new Map<Op, Error[]>();

  /** Calls of `op` wait from now until the returned function is called. */
  hold(op: Op): () => void {
    const g = gate();
    this.held.set(op, g);
    return () => {
      if (this.held.get(op) === g) this.held.delete(op);
      g.open();
    };
  }

  /** How many calls of `op` are waiting at a hold. */
  waitingAt(op: Op): number {
    return this.waiting.get(op) ?? 0;
  }

  /** The next call of `op` fails with `err`. */
  failNext(op: Op, err: Error): void {
    this.failures.set(op, [...(this.failures.get(op) ?? []), err]);
  }

  /** The container stops, as when its init process is killed. */
  stopContainer(id: string): void {
    const c = this.containers.get(id);
    if (c) c.info = { ...c.info, running: false };
  }

  private async enter(op: Op, what: string): Promise<void> {
    this.calls.push(`${op} ${what}`);
    const g = this.held.get(op);
    if (g) {
      this.waiting.set(op, this.waitingAt(op) + 1);
      await g.promise;
      this.waiting.set(op, this.waitingAt(op) - 1);
    }
    const err = this.failures.get(op)?.shift();
    if (err) throw err;
  }

  async create(spec: SandboxSpec): Promise<SandboxInfo> {
    await this.enter('create', spec.name);
    if (this.missingImages.has(spec.image)) throw new Error(`(HTTP code 404) no such container - No such image: ${spec.image}`);
    if ([...this.containers.values()].some((c) => c.info.name === spec.name)) throw new Error(`(HTTP code 409) Conflict. The container name "/${spec.name}" is already in use`);
    const info: SandboxInfo = { id: randomBytes(8).toString('hex'), name: spec.name, createdAt: Date.now(), labels: { ...spec.labels }, running: true };
    this.containers.set(info.id, { info, spec });
    if (spec.join) {
      const net = this.networks.get(spec.join.network);
      if (!net) throw new Error(`(HTTP code 404) network ${spec.join.network} not found`);
      net.members.set(info.id, spec.join.alias);
    }
    this.peak = Math.max(this.peak, this.containers.size);
    return { ...info };
  }

  /** Put a container in the engine as if an earlier server run had made it. */
  seed(spec: Pick<SandboxSpec, 'name' | 'labels'> & { running?: boolean }): string {
    const id = randomBytes(8).toString('hex');
    const info: SandboxInfo = { id, name: spec.name, createdAt: Date.now(), labels: { ...spec.labels }, running: spec.running ?? true };
    this.containers.set(id, { info, spec: { name: spec.name, labels: spec.labels } as SandboxSpec });
    return id;
  }

  async list(labels: Record<string, string>): Promise<SandboxInfo[]> {
    return [...this.containers.values()].map((c) => c.info).filter((info) => Object.entries(labels).every(([k, v]) => info.labels[k] === v)).map((i) => ({ ...i }));
  }

  async inspect(id: string): Promise<SandboxInfo | undefined> {
    await this.enter('inspect', id);
    const c = this.containers.get(id);
    return c && { ...c.info };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.enter('rename', id);
    const c = this.containers.get(id);
    if (!c) throw new Error(`(HTTP code 404) no such container: ${id}`);
    // As Docker does.
    if (c.info.name === name) throw new Error('(HTTP code 400) unexpected - Renaming a container with the same name as its current name');
    c.info = { ...c.info, name };
  }

  async remove(id: string): Promise<void> {
    await this.enter('remove', id);
    this.containers.delete(id);
    for (const net of this.networks.values()) net.members.delete(id);
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    await this.enter('network', `create ${name}`);
    this.networks.set(name, { labels: { ...labels }, members: new Map() });
  }

  async joinNetwork(id: string, join: LabNetworkJoin): Promise<void> {
    await this.enter('network', `join ${id} ${join.network}`);
    const net = this.networks.get(join.network);
    if (!net || !this.containers.has(id)) throw new Error(`(HTTP code 404) no network ${join.network} or container ${id}`);
    net.members.set(id, join.alias);
  }

  async removeNetwork(name: string): Promise<void> {
    await this.enter('network', `remove ${name}`);
    const net = this.networks.get(name);
    if (net && net.members.size > 0) throw new Error(`(HTTP code 403) network ${name} has active endpoints`);
    this.networks.delete(name);
  }

  async exec(id: string, opts: { cmd: string[] }): Promise<ExecResult> {
    await this.enter('exec', id);
    if (!this.containers.get(id)?.info.running) throw new Error(`(HTTP code 409) container ${id} is not running`);
    return this.execResult(id, opts.cmd);
  }

  async dataRoot(): Promise<string | undefined> {
    return undefined;
  }
  async hostCpus(): Promise<number> {
    return 2;
  }
  async connect(): Promise<Duplex> {
    throw new Error('MemoryRuntime: no ports to connect to');
  }
  async readArchive(): Promise<Readable> {
    throw new Error('MemoryRuntime: no files to read');
  }
  async pruneNetworks(labels: Record<string, string>): Promise<void> {
    for (const [name, net] of this.networks) {
      if (net.members.size === 0 && Object.entries(labels).every(([k, v]) => net.labels[k] === v)) this.networks.delete(name);
    }
  }
  async stats(): Promise<{ memoryBytes: number; pids: number }> {
    return { memoryBytes: 0, pids: 1 };
  }
  /** What `cgroupStats` answers (default: as the engine does for a stopped container, nothing). */
  cgroupSample: (id: string) => unknown = () => ({});
  async cgroupStats(id: string): Promise<unknown> {
    return this.cgroupSample(id);
  }
  async hostPid(): Promise<number | undefined> {
    return undefined;
  }
  async ensureService(spec: ServiceSpec): Promise<string> {
    return `service-${spec.name}`;
  }
  async removeVolumes(): Promise<void> {}
  async openTerminal(): Promise<TerminalProcess> {
    throw new Error('MemoryRuntime: no terminals');
  }
  async imageExists(tag: string): Promise<boolean> {
    return !this.missingImages.has(tag);
  }
  async buildImage(): Promise<void> {}
}
