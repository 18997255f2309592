/**
 * The narrow interface between Boxlab and a container engine. Only server/sandbox/docker/ implements it
 * (over dockerode); a Kubernetes implementation can come later behind the same shape.
 */
import type { Duplex, Readable } from 'node:stream';
import type { NetworkMode } from '../contracts/lesson.ts';

/** Engine-neutral description of one sandbox, produced by a profile (sandbox/profiles.ts). */
export interface SandboxSpec {
  image: string;
  /** Name the container gets in the engine; unique per sandbox. */
  name: string;
  hostname: string;
  user: string;
  workdir: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  capDrop: string[];
  capAdd: string[];
  noNewPrivileges: boolean;
  /** unconfined: no seccomp filter and no AppArmor profile (elevated sandboxes only). */
  seccomp: 'default' | 'unconfined';
  /** private: the sandbox gets its own cgroup namespace (needed by a nested engine). */
  cgroupns: 'default' | 'private';
  readonlyRootfs: boolean;
  /** Mount point → tmpfs options (size=…,mode=…). */
  tmpfs: Record<string, string>;
  memoryBytes: number;
  /** Memory + swap; equal to memoryBytes means no swap. */
  memorySwapBytes: number;
  /**
   * The CPU limit as CFS bandwidth: `quotaUs` of CPU time per `periodUs`. A short period (profiles.ts) keeps a
   * sandbox that used up its share from stalling for long: its shell waits at most the rest of one period.
   */
  cpu: { quotaUs: number; periodUs: number };
  /** Host CPUs the sandbox runs on (`"0"`, `"1,3"`), chosen by sandbox/cpu-placement.ts; undefined: any. */
  cpuset?: string;
  pidsLimit: number;
  ulimits: { name: string; soft: number; hard: number }[];
  /** none: no interface but loopback; isolated: a private internal network of its own, no route to the host. */
  network: NetworkMode;
  /** A lab's node: made on the lab's network (createNetwork), reachable there by `alias`; `network` is then ignored. */
  join?: LabNetworkJoin | undefined;
  /** OCI runtime (runc, runsc, sysbox-runc…); undefined = the engine's default. */
  runtime: string | undefined;
  /** Host device nodes passed through at the same path, read-write (the `vm` profile's /dev/kvm). */
  devices?: string[];
  /** Extra group ids for the sandbox's processes (the group that may open those devices). */
  groupAdd?: string[];
  /** Named engine volumes mounted in the sandbox (the registry cache's socket, read-only). */
  volumes?: VolumeMount[];
  /** Host directories mounted in the sandbox (its terminal-agent socket's, read-only). */
  binds?: BindMount[];
}

/** A place on a lab's private network: the network's name and the name the others reach this sandbox by. */
export interface LabNetworkJoin {
  network: string;
  alias: string;
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface VolumeMount {
  /** The volume's name; the engine creates it when missing. */
  volume: string;
  target: string;
  readOnly: boolean;
}

/**
 * A long-running helper container of the server's own (the registry cache), not a learner's sandbox: it
 * has the engine's default network (it talks to an upstream), restarts with the engine, and carries no
 * `boxlab.managed` label, so sandbox bookkeeping never sees it.
 */
export interface ServiceSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  volumes: VolumeMount[];
  memoryBytes: number;
  pidsLimit: number;
}

export interface SandboxInfo {
  id: string;
  name: string;
  /** Unix milliseconds. */
  createdAt: number;
  labels: Record<string, string>;
  running: boolean;
  /** When not running: how its first process ended (`inspect` only), e.g. to say why a sandbox stopped. */
  ended?: { exitCode: number; oomKilled: boolean } | undefined;
}

/** A process with a TTY inside a sandbox; its stream carries raw terminal bytes both ways. */
export interface TerminalProcess {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

/** What an image is built from: `files` of `dir` (paths relative to it), the Dockerfile among them, and build arguments. */
export interface BuildContext {
  dir: string;
  files: string[];
  dockerfile: string;
  buildArgs?: Record<string, string>;
}

export interface BuildProgress {
  /** A line of build output (a step, or what the step printed). */
  line: string;
}

export interface SandboxRuntime {
  /** Create and start a sandbox. */
  create(spec: SandboxSpec): Promise<SandboxInfo>;
  /** Sandboxes whose labels include all of `labels`. */
  list(labels: Record<string, string>): Promise<SandboxInfo[]>;
  inspect(id: string): Promise<SandboxInfo | undefined>;
  /** Rename a sandbox (how a warm-pool sandbox is claimed: see claims.ts). */
  rename(id: string, name: string): Promise<void>;
  /** Where the engine keeps its data, to watch that disk's free space; undefined when unknown. */
  dataRoot(): Promise<string | undefined>;
  /** How many CPUs the engine's host has. */
  hostCpus(): Promise<number>;
  /**
   * A byte stream to a TCP port on the sandbox's own loopback, made from inside the sandbox (it needs no
   * network). Ends when either side closes; a port nobody listens on ends it at once with no data.
   */
  connect(id: string, port: number, user: string): Promise<Duplex>;
  /**
   * Make a lab's private network: internal (no route out), with no address of the host's on it (the host is not
   * reachable), its members reaching each other. One that exists already (a crash's leftover) is made again.
   */
  createNetwork(name: string, labels: Record<string, string>): Promise<void>;
  /** Put a running sandbox made with no network (a pool sandbox) on a lab's network, reachable there by `alias`. */
  joinNetwork(id: string, join: LabNetworkJoin): Promise<void>;
  /** Remove a network; one that is already gone counts as removed. */
  removeNetwork(name: string): Promise<void>;
  /** Remove networks with these labels that no sandbox uses any more (left by a crash). */
  pruneNetworks(labels: Record<string, string>): Promise<void>;
  /** What a sandbox uses now: memory (without page cache) and processes. */
  stats(id: string): Promise<{ memoryBytes: number; pids: number }>;
  /** The engine's own stats of the sandbox's cgroup, one sample as the engine gives it (kernel-view.ts reads it). */
  cgroupStats(id: string): Promise<unknown>;
  /** The host's PID of the sandbox's first process (for its namespaces); undefined when it does not run. */
  hostPid(id: string): Promise<number | undefined>;
  /**
   * Run the service unless it already runs exactly as specified (same image, env and mounts, recorded in a
   * label); otherwise replace it. Returns its id.
   */
  ensureService(spec: ServiceSpec): Promise<string>;
  /** Remove volumes with these labels that no container uses (a test's, or a service's that was retired). */
  removeVolumes(labels: Record<string, string>): Promise<void>;
  /** Remove a sandbox; one that is already gone counts as removed. */
  remove(id: string): Promise<void>;
  /** Start a process with a TTY, sized cols × rows. */
  openTerminal(id: string, opts: { cmd: string[]; user: string; env: Record<string, string>; cols: number; rows: number }): Promise<TerminalProcess>;
  /** Run a command to completion without a TTY, stdout and stderr merged. */
  exec(id: string, opts: { cmd: string[]; user: string; timeoutMs: number; stdin?: string }): Promise<ExecResult>;
  /**
   * A tar stream of `path` inside the sandbox (a folder with its contents, or one file; entries named from its
   * basename), read as `user`; the stream fails if the archive could not be made. The path is the server's, never
   * the browser's (sandbox/take-home.ts).
   */
  readArchive(id: string, path: string, user: string): Promise<Readable>;
  imageExists(tag: string): Promise<boolean>;
  /** Build `tag` from `files` of a directory; throws with the failing step's output when the build fails. */
  buildImage(context: BuildContext, tag: string, onProgress: (p: BuildProgress) => void): Promise<void>;
}
