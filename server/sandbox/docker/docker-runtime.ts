/**
 * SandboxRuntime over the Docker Engine API (dockerode). With its neighbours in docker/ (processes in a sandbox,
 * image builds), the only code that imports dockerode. Every call that fails names the container it was about,
 * then rethrows.
 */
import Docker from 'dockerode';
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import type { BindMount, BuildContext, LabNetworkJoin, BuildProgress, ExecResult, SandboxInfo, SandboxRuntime, SandboxSpec, ServiceSpec, TerminalProcess, VolumeMount } from '../runtime.ts';
import { about, statusCode } from './engine-call.ts';
import { readTar } from './archive-read.ts';
import { buildImage, imageExists } from './image-build.ts';
import { connectPort, openTerminal, runCommand } from './sandbox-processes.ts';

/** Names the private network of an `isolated` sandbox, so removing the sandbox removes its network. */
const NETWORK_LABEL = 'boxlab.network';

/**
 * A sandbox's private network has no way out, but the engine's DNS there answers names it does not know only after
 * glibc's and Go's timeouts (20 s for a lookup here): Docker Hub's names, which a nested engine looks up before it
 * asks its mirror, resolve to an address nothing listens on, and any other name fails after one short try.
 */
const LAB_DNS = {
  ExtraHosts: ['registry-1.docker.io:0.0.0.0', 'index.docker.io:0.0.0.0', 'auth.docker.io:0.0.0.0', 'registry.docker.io:0.0.0.0'],
  DnsOptions: ['timeout:1', 'attempts:1'],
};

/** A service's spec, hashed: a running service with another hash is replaced. */
const SERVICE_SPEC_LABEL = 'boxlab.service-spec';

const mountsOf = (volumes: VolumeMount[] | undefined, binds: BindMount[] = []) => [
  ...(volumes ?? []).map((v) => ({ Type: 'volume' as const, Source: v.volume, Target: v.target, ReadOnly: v.readOnly })),
  ...binds.map((b) => ({ Type: 'bind' as const, Source: b.source, Target: b.target, ReadOnly: b.readOnly })),
];

export class DockerRuntime implements SandboxRuntime {
  /** The engine's client: private to the language, not only to the compiler, so every engine call goes through here. */
  readonly #engine: Docker;

  constructor(engine: Docker = new Docker()) {
    this.#engine = engine;
  }

  async create(spec: SandboxSpec): Promise<SandboxInfo> {
    let network: string | undefined;
    if (spec.network === 'isolated' && !spec.join) {
      network = `bxnet-${randomBytes(6).toString('hex')}`;
      await this.makeNetwork(network, spec.labels);
    }
    const labels = network ? { ...spec.labels, [NETWORK_LABEL]: network } : spec.labels;
    const container = await this.createContainer(spec, labels, network ?? spec.join?.network).catch(async (err: unknown) => {
      // No container carries the network's label for remove() to find: it goes now, or it would hold one of the
      // engine's few address pools until the next start's prune.
      if (network) await this.removeNetwork(network).catch(() => undefined);
      throw err;
    });
    try {
      await about(`start ${container.id}`, () => container.start());
    } catch (err) {
      await this.remove(container.id).catch(() => undefined);
      throw err;
    }
    return { id: container.id, name: spec.name, createdAt: Date.now(), labels, running: true };
  }

  /** Internal: no route out. No IPv4 on the bridge: the host itself has no address the sandbox could reach. */
  private async makeNetwork(name: string, labels: Record<string, string>): Promise<void> {
    await about(`create network ${name}`, () =>
      this.#engine.createNetwork({
        Name: name,
        Driver: 'bridge',
        Internal: true,
        Labels: labels,
        Options: { 'com.docker.network.bridge.inhibit_ipv4': 'true', 'com.docker.network.bridge.enable_icc': 'true' },
      }),
    );
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.makeNetwork(name, labels);
    } catch (err) {
      // A leftover of the same name (a crash between a lab's removals): it goes, and the lab gets a new one.
      if (!/already exists/i.test(String((err as Error).message))) throw err;
      await this.removeNetwork(name);
      await this.makeNetwork(name, labels);
    }
  }

  async joinNetwork(id: string, join: LabNetworkJoin): Promise<void> {
    // A pool sandbox is on `none`, which excludes every other network: it leaves that first.
    await about(`disconnect ${id} from none`, () => this.#engine.getNetwork('none').disconnect({ Container: id, Force: true }));
    await about(`connect ${id} to ${join.network}`, () => this.#engine.getNetwork(join.network).connect({ Container: id, EndpointConfig: { Aliases: [join.alias] } }));
  }

  private createContainer(spec: SandboxSpec, labels: Record<string, string>, network: string | undefined): Promise<Docker.Container> {
    return about(`create ${spec.name}`, () =>
      this.#engine.createContainer({
        name: spec.name,
        Image: spec.image,
        Hostname: spec.hostname,
        User: spec.user,
        WorkingDir: spec.workdir,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: labels,
        // No NetworkDisabled: a sandbox on `none` has only loopback all the same, and may still join a lab's network.
        ...(spec.join && network === spec.join.network ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.join.alias] } } } } : {}),
        HostConfig: {
          Init: true,
          CapDrop: spec.capDrop,
          CapAdd: spec.capAdd,
          SecurityOpt: [
            ...(spec.noNewPrivileges ? ['no-new-privileges:true'] : []),
            ...(spec.seccomp === 'unconfined' ? ['seccomp=unconfined', 'apparmor=unconfined'] : []),
          ],
          ...(spec.cgroupns === 'private' ? { CgroupnsMode: 'private' as const } : {}),
          ReadonlyRootfs: spec.readonlyRootfs,
          Tmpfs: spec.tmpfs,
          Memory: spec.memoryBytes,
          MemorySwap: spec.memorySwapBytes,
          CpuPeriod: spec.cpu.periodUs,
          CpuQuota: spec.cpu.quotaUs,
          ...(spec.cpuset ? { CpusetCpus: spec.cpuset } : {}),
          PidsLimit: spec.pidsLimit,
          Ulimits: spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
          NetworkMode: network ?? 'none',
          ...(LAB_DNS),
          ...(spec.runtime ? { Runtime: spec.runtime } : {}),
          ...(spec.devices?.length ? { Devices: spec.devices.map((d) => ({ PathOnHost: d, PathInContainer: d, CgroupPermissions: 'rwm' })) } : {}),
          ...(spec.groupAdd?.length ? { GroupAdd: spec.groupAdd } : {}),
          ...(spec.volumes?.length || spec.binds?.length ? { Mounts: mountsOf(spec.volumes, spec.binds) } : {}),
        },
      }),
    );
  }

  async list(labels: Record<string, string>): Promise<SandboxInfo[]> {
    const found = await about('list containers', () =>
      this.#engine.listContainers({
        all: true,
        filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
      }),
    );
    return found.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      createdAt: c.Created * 1000,
      labels: c.Labels,
      running: c.State === 'running',
    }));
  }

  async inspect(id: string): Promise<SandboxInfo | undefined> {
    try {
      const c = await this.#engine.getContainer(id).inspect();
      const ended = c.State.Running ? undefined : { exitCode: c.State.ExitCode, oomKilled: c.State.OOMKilled };
      return { id: c.Id, name: c.Name.replace(/^\//, ''), createdAt: Date.parse(c.Created), labels: c.Config.Labels ?? {}, running: c.State.Running, ended };
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw new Error(`docker: inspect ${id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async rename(id: string, name: string): Promise<void> {
    await about(`rename ${id} to ${name}`, () => this.#engine.getContainer(id).rename({ name }));
  }

  readArchive(id: string, path: string, user: string): Promise<Readable> {
    return readTar(this.#engine, id, path, user);
  }

  async dataRoot(): Promise<string | undefined> {
    const info = (await about('info', () => this.#engine.info())) as { DockerRootDir?: string };
    return info.DockerRootDir;
  }

  async hostCpus(): Promise<number> {
    const info = (await about('info', () => this.#engine.info())) as { NCPU?: number };
    if (!Number.isInteger(info.NCPU) || info.NCPU! < 1) throw new Error(`docker: info reports no CPU count (NCPU ${String(info.NCPU)})`);
    return info.NCPU!;
  }

  async stats(id: string): Promise<{ memoryBytes: number; pids: number }> {
    const s = (await about(`stats ${id}`, () => this.#engine.getContainer(id).stats({ stream: false }))) as {
      memory_stats?: { usage?: number; stats?: Record<string, number> };
      pids_stats?: { current?: number };
    };
    const usage = s.memory_stats?.usage ?? 0;
    // Like `docker stats`: usage less the page cache (cgroup v1 "total_inactive_file", v2 "inactive_file").
    const cache = s.memory_stats?.stats?.['total_inactive_file'] ?? s.memory_stats?.stats?.['inactive_file'] ?? 0;
    return { memoryBytes: Math.max(0, usage - cache), pids: s.pids_stats?.current ?? 0 };
  }

  async cgroupStats(id: string): Promise<unknown> {
    // One sample, not the engine's default pair a second apart (API 1.41+).
    return about(`stats ${id}`, () => this.#engine.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false }));
  }

  async hostPid(id: string): Promise<number | undefined> {
    const c = await about(`inspect ${id}`, () => this.#engine.getContainer(id).inspect());
    return c.State.Running && c.State.Pid > 0 ? c.State.Pid : undefined;
  }

  async ensureService(spec: ServiceSpec): Promise<string> {
    const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
    const existing = await this.inspect(spec.name);
    if (existing?.running && existing.labels[SERVICE_SPEC_LABEL] === hash) return existing.id;
    if (existing) await this.remove(existing.id);
    for (const v of spec.volumes) {
      await about(`create volume ${v.volume}`, () => this.#engine.createVolume({ Name: v.volume, Labels: spec.labels }));
    }
    const container = await about(`create ${spec.name}`, () =>
      this.#engine.createContainer({
        name: spec.name,
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: { ...spec.labels, [SERVICE_SPEC_LABEL]: hash },
        HostConfig: {
          Init: true,
          RestartPolicy: { Name: 'unless-stopped' },
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges:true'],
          ReadonlyRootfs: true,
          Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=16m' },
          Memory: spec.memoryBytes,
          MemorySwap: spec.memoryBytes,
          PidsLimit: spec.pidsLimit,
          Mounts: mountsOf(spec.volumes),
        },
      }),
    );
    await about(`start ${spec.name}`, () => container.start());
    return container.id;
  }

  async removeVolumes(labels: Record<string, string>): Promise<void> {
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
    const { Volumes } = (await about('list volumes', () => this.#engine.listVolumes({ filters }))) as { Volumes: { Name: string }[] | null };
    for (const v of Volumes ?? []) {
      try {
        await this.#engine.getVolume(v.Name).remove();
      } catch (err) {
        // In use (409) by a container still running: it stays; gone already (404) is fine.
        if (statusCode(err) !== 404 && statusCode(err) !== 409) throw new Error(`docker: remove volume ${v.Name}: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  async remove(id: string): Promise<void> {
    const network = (await this.inspect(id).catch(() => undefined))?.labels[NETWORK_LABEL];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#engine.getContainer(id).remove({ force: true, v: true });
        break;
      } catch (err) {
        // Gone already (404) or being removed by someone else (409): either way it is on its way out.
        const code = statusCode(err);
        if (code === 404 || code === 409) break;
        // A busy engine can miss a kill's exit event ("did not receive an exit event"); asking again works.
        if (attempt < 3 && /exit event/.test((err as Error).message)) continue;
        throw new Error(`docker: remove ${id}: ${(err as Error).message}`, { cause: err });
      }
    }
    if (network) await this.removeNetwork(network);
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.#engine.getNetwork(name).remove();
    } catch (err) {
      if (statusCode(err) !== 404) throw new Error(`docker: remove network ${name}: ${(err as Error).message}`, { cause: err });
    }
  }

  async pruneNetworks(labels: Record<string, string>): Promise<void> {
    await about('prune networks', () => this.#engine.pruneNetworks({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } }));
  }

  openTerminal(id: string, opts: { cmd: string[]; user: string; env: Record<string, string>; cols: number; rows: number }): Promise<TerminalProcess> {
    return openTerminal(this.#engine, id, opts);
  }

  exec(id: string, opts: { cmd: string[]; user: string; timeoutMs: number; stdin?: string }): Promise<ExecResult> {
    return runCommand(this.#engine, id, opts);
  }

  connect(id: string, port: number, user: string): Promise<Duplex> {
    return connectPort(this.#engine, id, port, user);
  }

  imageExists(tag: string): Promise<boolean> {
    return imageExists(this.#engine, tag);
  }

  buildImage(context: BuildContext, tag: string, onProgress: (p: BuildProgress) => void): Promise<void> {
    return buildImage(this.#engine, context, tag, onProgress);
  }
}
