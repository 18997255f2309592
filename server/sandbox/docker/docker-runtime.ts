/**
 * SandboxRuntime over the Docker Engine API (dockerode). The only module that imports dockerode.
 * Every call that fails names the container it was about, then rethrows.
 */
import Docker from 'dockerode';
import { createHash, randomBytes } from 'node:crypto';
import { Duplex, PassThrough } from 'node:stream';
import type { BindMount, BuildProgress, ExecResult, SandboxInfo, SandboxRuntime, SandboxSpec, ServiceSpec, TerminalProcess, VolumeMount } from '../runtime.ts';

/** Names the private network of an `isolated` sandbox, so removing the sandbox removes its network. */
const NETWORK_LABEL = 'boxlab.network';

/** A service's spec, hashed: a running service with another hash is replaced. */
const SERVICE_SPEC_LABEL = 'boxlab.service-spec';

const mountsOf = (volumes: VolumeMount[] | undefined, binds: BindMount[] = []) => [
  ...(volumes ?? []).map((v) => ({ Type: 'volume' as const, Source: v.volume, Target: v.target, ReadOnly: v.readOnly })),
  ...binds.map((b) => ({ Type: 'bind' as const, Source: b.source, Target: b.target, ReadOnly: b.readOnly })),
];

/** Marks the last line of an exec's output, which carries its exit status (see exec()). */
const EXIT_MARK = '__boxlab_exit_status=';

const statusCode = (err: unknown): number | undefined => (err as { statusCode?: number } | null)?.statusCode;

async function about<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error;
    throw new Error(`docker: ${what}: ${e.message}`, { cause: err });
  }
}

export class DockerRuntime implements SandboxRuntime {
  readonly docker: Docker;

  constructor(docker: Docker = new Docker()) {
    this.docker = docker;
  }

  async create(spec: SandboxSpec): Promise<SandboxInfo> {
    let network: string | undefined;
    if (spec.network === 'isolated') {
      network = `bxnet-${randomBytes(6).toString('hex')}`;
      const name = network;
      // Internal: no route out. No IPv4 on the bridge: the host itself has no address the sandbox could reach.
      await about(`create network ${name}`, () =>
        this.docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          Internal: true,
          Labels: spec.labels,
          Options: { 'com.docker.network.bridge.inhibit_ipv4': 'true', 'com.docker.network.bridge.enable_icc': 'true' },
        }),
      );
    }
    const labels = network ? { ...spec.labels, [NETWORK_LABEL]: network } : spec.labels;
    const container = await this.createContainer(spec, labels, network).catch(async (err: unknown) => {
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

  private createContainer(spec: SandboxSpec, labels: Record<string, string>, network: string | undefined): Promise<Docker.Container> {
    return about(`create ${spec.name}`, () =>
      this.docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Hostname: spec.hostname,
        User: spec.user,
        WorkingDir: spec.workdir,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: labels,
        NetworkDisabled: spec.network === 'none',
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
      this.docker.listContainers({
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
      const c = await this.docker.getContainer(id).inspect();
      const ended = c.State.Running ? undefined : { exitCode: c.State.ExitCode, oomKilled: c.State.OOMKilled };
      return { id: c.Id, name: c.Name.replace(/^\//, ''), createdAt: Date.parse(c.Created), labels: c.Config.Labels ?? {}, running: c.State.Running, ended };
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw new Error(`docker: inspect ${id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async rename(id: string, name: string): Promise<void> {
    await about(`rename ${id} to ${name}`, () => this.docker.getContainer(id).rename({ name }));
  }

  async dataRoot(): Promise<string | undefined> {
    const info = (await about('info', () => this.docker.info())) as { DockerRootDir?: string };
    return info.DockerRootDir;
  }

  async hostCpus(): Promise<number> {
    const info = (await about('info', () => this.docker.info())) as { NCPU?: number };
    if (!Number.isInteger(info.NCPU) || info.NCPU! < 1) throw new Error(`docker: info reports no CPU count (NCPU ${String(info.NCPU)})`);
    return info.NCPU!;
  }

  async stats(id: string): Promise<{ memoryBytes: number; pids: number }> {
    const s = (await about(`stats ${id}`, () => this.docker.getContainer(id).stats({ stream: false }))) as {
      memory_stats?: { usage?: number; stats?: Record<string, number> };
      pids_stats?: { current?: number };
    };
    const usage = s.memory_stats?.usage ?? 0;
    // Like `docker stats`: usage less the page cache (cgroup v1 "total_inactive_file", v2 "inactive_file").
    const cache = s.memory_stats?.stats?.['total_inactive_file'] ?? s.memory_stats?.stats?.['inactive_file'] ?? 0;
    return { memoryBytes: Math.max(0, usage - cache), pids: s.pids_stats?.current ?? 0 };
  }

  async ensureService(spec: ServiceSpec): Promise<string> {
    const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
    const existing = await this.inspect(spec.name);
    if (existing?.running && existing.labels[SERVICE_SPEC_LABEL] === hash) return existing.id;
    if (existing) await this.remove(existing.id);
    for (const v of spec.volumes) {
      await about(`create volume ${v.volume}`, () => this.docker.createVolume({ Name: v.volume, Labels: spec.labels }));
    }
    const container = await about(`create ${spec.name}`, () =>
      this.docker.createContainer({
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
    const { Volumes } = (await about('list volumes', () => this.docker.listVolumes({ filters }))) as { Volumes: { Name: string }[] | null };
    for (const v of Volumes ?? []) {
      try {
        await this.docker.getVolume(v.Name).remove();
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
        await this.docker.getContainer(id).remove({ force: true, v: true });
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

  private async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (err) {
      if (statusCode(err) !== 404) throw new Error(`docker: remove network ${name}: ${(err as Error).message}`, { cause: err });
    }
  }

  async pruneNetworks(labels: Record<string, string>): Promise<void> {
    await about('prune networks', () => this.docker.pruneNetworks({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } }));
  }

  async openTerminal(
    id: string,
    opts: { cmd: string[]; user: string; env: Record<string, string>; cols: number; rows: number },
  ): Promise<TerminalProcess> {
    return about(`open terminal in ${id}`, async () => {
      const exec = await this.docker.getContainer(id).exec({
        Cmd: opts.cmd,
        User: opts.user,
        Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
      });
      const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
      const resize = async (cols: number, rows: number) => {
        try {
          await exec.resize({ w: cols, h: rows });
        } catch (err) {
          // The process may have exited between the learner's resize and ours; nothing to resize then.
          if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
        }
      };
      await resize(opts.cols, opts.rows);
      return { stream, resize };
    });
  }

  async exec(id: string, opts: { cmd: string[]; user: string; timeoutMs: number; stdin?: string }): Promise<ExecResult> {
    return about(`exec in ${id}`, async () => {
      const seconds = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
      const started = Date.now();
      // `timeout` inside the sandbox ends the process itself: the engine has no way to kill an exec. The exit
      // status is also printed as a last line, because some runtimes (gVisor) let the engine forget a finished
      // exec before it can be inspected.
      const exec = await this.docker.getContainer(id).exec({
        Cmd: ['timeout', '-k', '2', String(seconds), 'sh', '-c', `"$@"; s=$?; printf '\\n${EXIT_MARK}%d\\n' "$s"`, 'sh', ...opts.cmd],
        User: opts.user,
        AttachStdin: opts.stdin !== undefined,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      const stream = await exec.start({ hijack: true, stdin: opts.stdin !== undefined });
      const out = new PassThrough();
      const kept = new KeptOutput(EXEC_OUTPUT_KEEP);
      out.on('data', (c: Buffer) => kept.add(c));
      this.docker.modem.demuxStream(stream, out, out);
      if (opts.stdin !== undefined) stream.end(opts.stdin);
      await new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => {
          stream.destroy();
          resolve();
        }, opts.timeoutMs + 5000);
        stream.on('end', () => (clearTimeout(guard), resolve()));
        stream.on('close', () => (clearTimeout(guard), resolve()));
        stream.on('error', (e: Error) => (clearTimeout(guard), reject(e)));
      });
      let output = kept.text();
      const marked = new RegExp(`\\n${EXIT_MARK}(\\d+)\\n$`).exec(output);
      let exitCode: number;
      if (marked) {
        exitCode = Number(marked[1]);
        output = output.slice(0, marked.index);
      } else {
        // No status line: `timeout` ended the command (124/137), or the engine knows better.
        const info = await exec.inspect().catch(() => undefined);
        exitCode = info?.ExitCode ?? (Date.now() - started >= opts.timeoutMs ? 124 : -1);
      }
      return { exitCode, output, timedOut: exitCode === 124 || exitCode === 137 };
    });
  }

  async connect(id: string, port: number, user: string): Promise<Duplex> {
    return about(`connect to port ${port} in ${id}`, async () => {
      // bash's /dev/tcp makes the connection inside the sandbox; two cats relay the bytes both ways. The writer
      // reads stdin through fd 4, because a background job's own stdin is /dev/null; when the port closes
      // its side, the reader ends and takes the writer with it.
      const relay = `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 7; exec 4<&0; cat <&4 >&3 & w=$!; cat <&3; kill $w 2>/dev/null`;
      const exec = await this.docker.getContainer(id).exec({
        Cmd: ['bash', '-c', relay],
        User: user,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: false,
        Tty: false,
      });
      const raw = await exec.start({ hijack: true, stdin: true });
      const out = new PassThrough();
      // Without a TTY the engine frames stdout; unframe it so the caller sees the port's bytes only.
      this.docker.modem.demuxStream(raw, out, new PassThrough());
      const duplex = new Duplex({
        write(chunk, _enc, done) {
          raw.write(chunk, done);
        },
        final(done) {
          raw.end();
          done();
        },
        read() {
          out.resume();
        },
        destroy(err, done) {
          raw.destroy();
          done(err);
        },
      });
      out.on('data', (chunk: Buffer) => {
        if (!duplex.push(chunk)) out.pause();
      });
      // The end goes through `out`, after what it still holds: demuxStream does not wait for a paused reader, so
      // when the engine's stream ends, `out` may still hold much of the answer.
      const ended = () => {
        if (!out.writableEnded) out.end();
      };
      raw.on('end', ended);
      raw.on('close', ended);
      out.on('end', () => duplex.push(null));
      raw.on('error', (err: Error) => duplex.destroy(err));
      return duplex;
    });
  }

  async imageExists(tag: string): Promise<boolean> {
    try {
      await this.docker.getImage(tag).inspect();
      return true;
    } catch (err) {
      if (statusCode(err) === 404) return false;
      throw new Error(`docker: inspect image ${tag}: ${(err as Error).message}`, { cause: err });
    }
  }

  async buildImage(context: { dir: string; files: string[]; dockerfile: string }, tag: string, onProgress: (p: BuildProgress) => void): Promise<void> {
    const stream = await about(`build ${tag}`, () =>
      this.docker.buildImage({ context: context.dir, src: context.files }, { t: tag, dockerfile: context.dockerfile, rm: true, forcerm: true }),
    );
    const recent: string[] = [];
    let failure: string | undefined;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err) => (err ? reject(err) : resolve()),
        (event: { stream?: string; status?: string; error?: string }) => {
          if (event.error) failure = event.error;
          const text = (event.stream ?? event.status ?? '').replace(/\s+$/, '');
          if (!text) return;
          for (const line of text.split('\n')) {
            recent.push(line);
            if (recent.length > 20) recent.shift();
            onProgress({ line });
          }
        },
      );
    }).catch((err: Error) => {
      failure ??= err.message;
    });
    if (failure) {
      throw new Error(`docker: build ${tag} failed: ${failure}\nLast output:\n${recent.join('\n')}`);
    }
  }
}

/**
 * What an exec's output keeps: the first and the last `keep` bytes. A check runs as the learner, whose own
 * processes can write into it (or into a file it prints) for the whole timeout; all of it would be server
 * memory. Its readers want the start (a check's message), the end (a setup script's error, the exit status line).
 */
const EXEC_OUTPUT_KEEP = 64 * 1024;

class KeptOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  private dropped = 0;
  private readonly keep: number;

  constructor(keep: number) {
    this.keep = keep;
  }

  add(chunk: Buffer): void {
    if (this.headBytes < this.keep) {
      const take = chunk.subarray(0, this.keep - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
      if (chunk.length === 0) return;
    }
    const joined = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const over = Math.max(0, joined.length - this.keep);
    this.dropped += over;
    // A copy, so a large chunk is not kept alive by a small view of it.
    this.tail = over ? Buffer.from(joined.subarray(over)) : joined;
  }

  text(): string {
    const gap = this.dropped ? [Buffer.from(`\n[… ${this.dropped} bytes of output left out …]\n`)] : [];
    return Buffer.concat([...this.head, ...gap, this.tail]).toString('utf8');
  }
}
