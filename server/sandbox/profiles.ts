/**
 * Sandbox profiles: the one place that decides what a learner may do. Each named profile maps to an
 * engine-neutral SandboxSpec. Pure.
 *
 * `shell` is the default and the tightest: no capabilities, no privilege escalation, the engine's default
 * seccomp filter, a read-only root with bounded tmpfs for the learner's files, memory/CPU/pids limits,
 * and no network.
 *
 * `docker` runs a Docker engine of the sandbox's own. With a secure runtime (sysbox-runc, Kata) it keeps the
 * shell profile's restrictions and lets the runtime do the rest; without one it needs *elevated runc*
 * (most capabilities, no seccomp/AppArmor filter, writable cgroups), which an operator must opt into:
 * see docs/operators.md for what that risks.
 */
import type { NetworkMode, ProfileName } from '../contracts/lesson.ts';
import { createHash } from 'node:crypto';
import type { SandboxSpec, VolumeMount } from './runtime.ts';
import { AGENT_DIR } from '../contracts/agent-protocol.ts';

export interface ProfileLimits {
  memoryMb: number;
  cpus: number;
  pids: number;
  /** OCI runtime (runsc, sysbox-runc, kata…); undefined = the engine's default. */
  runtime?: string | undefined;
}

export interface SandboxProfile {
  name: ProfileName;
  /** Folder under server/sandbox/images/ holding the image's Dockerfile. */
  image: string;
  /** Who the learner's shells and checks run as. */
  user: string;
  /** Who the sandbox's own first process runs as (the docker profile's engine needs root). */
  initUser: string;
  home: string;
  limits: ProfileLimits;
  /** MiB of tmpfs for the learner's home and /tmp (counted against the memory limit too). */
  homeMb: number;
  tmpMb: number;
  /** Further tmpfs mounts (path → MiB), for state the profile's services write under a read-only root. */
  extraTmpfs: Record<string, number>;
  /** Set in every shell: a file the terminal waits for before the first prompt (a service being ready). */
  waitFor: string | undefined;
  /** Elevated runc: capabilities, no seccomp/AppArmor filter, a private cgroup namespace. */
  elevated: boolean;
  /** Host device nodes the sandbox gets (only `vm`: /dev/kvm, when the host has a usable one). */
  devices?: string[];
  /** Extra group ids, so the learner may open those devices. */
  groups?: string[];
  /** Engine volumes mounted in the sandbox (only `docker`: the registry cache's socket, when there is one). */
  volumes?: VolumeMount[];
}

export const LEARNER_UID = 1000;

export function shellProfile(limits: ProfileLimits): SandboxProfile {
  return {
    name: 'shell',
    image: 'shell',
    user: 'learner',
    initUser: 'learner',
    home: '/home/learner',
    limits,
    homeMb: 128,
    tmpMb: 64,
    extraTmpfs: {},
    waitFor: undefined,
    elevated: false,
  };
}

/**
 * `elevated` is for runc; with a runtime that isolates nested engines itself (limits.runtime), leave it false.
 * `storageMb` bounds the nested engine's images and containers (a tmpfs, so it counts as memory too).
 */
export function dockerProfile(
  limits: ProfileLimits,
  options: { elevated: boolean; storageMb: number; registryCache?: VolumeMount | undefined },
): SandboxProfile {
  return {
    name: 'docker',
    image: 'docker',
    user: 'learner',
    initUser: 'root',
    home: '/home/learner',
    limits,
    homeMb: 256,
    tmpMb: 128,
    extraTmpfs: { '/var/lib/docker': options.storageMb, '/var/lib/containerd': 64, '/etc/docker': 1 },
    waitFor: '/run/boxlab/engine-ready',
    elevated: options.elevated,
    ...(options.registryCache ? { volumes: [options.registryCache] } : {}),
  };
}

/** Capabilities elevated runc still withholds: none of them is needed to run containers. */
const NEVER = ['SYS_MODULE', 'SYS_RAWIO', 'SYS_TIME', 'SYS_BOOT', 'SYS_RESOURCE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_CONTROL'];

/** The host's KVM device as `vm` sandboxes would get it: the node, and the group that may open it (if not world-usable). */
export interface KvmDevice {
  path: string;
  gid?: number | undefined;
}

/**
 * `vm`: the same walls as `shell` (no capabilities, no privilege escalation, read-only root, no network),
 * with room for qemu and its guest, and /dev/kvm only when `kvm` is given (see sandbox/kvm.ts).
 */
export function vmProfile(limits: ProfileLimits, kvm?: KvmDevice): SandboxProfile {
  return {
    ...shellProfile(limits),
    name: 'vm',
    image: 'vm',
    ...(kvm ? { devices: [kvm.path], groups: kvm.gid === undefined ? [] : [String(kvm.gid)] } : {}),
  };
}

export interface SpecInput {
  imageTag: string;
  network?: NetworkMode;
  name: string;
  hostname: string;
  labels: Record<string, string>;
  /**
   * The host directory of the sandbox's terminal-agent socket (terminal/agent-links.ts), mounted read-only at
   * AGENT_DIR. Sandboxes nobody types in (lesson CI) have none.
   */
  agentDir?: string;
  /** Host CPUs it runs on (sandbox/cpu-placement.ts); undefined: any. */
  cpuset?: string | undefined;
}

const MIB = 1024 * 1024;

/**
 * The CFS period the CPU limit is enforced over, in µs. The kernel's default is 100 ms: a sandbox that used its
 * share early in a period (a learner's `cat /dev/urandom | base64`) is stopped for the rest of it, so its shell
 * could not answer Ctrl-C for up to ~50 ms at 0.5 CPU, and a few such waits in a row made a prompt reach the server
 * 200–240 ms late under 20 floods (docs/benchmarks.md). A throttled sandbox waits about period − quota.
 */
export const CPU_PERIOD_US = 10_000;
/**
 * The least quota per period: two of the kernel's bandwidth slices (`sched_cfs_bandwidth_slice_us`, 5 ms), so two
 * CPUs can each hold one. With one slice's worth (0.5 CPU over 10 ms) one CPU took the whole period's runtime, the
 * sandbox's tasks on the other stayed throttled for several periods, and a shell waited 58–83 ms to wake (10 ms
 * over 20 ms periods: 16–18 ms); a Ctrl-C under 20 floods then waited 300–500 ms for `cat` to die (ftrace).
 */
const MIN_QUOTA_US = 10_000;
/** The kernel refuses a quota under 1 ms and a period over 1 s. */
const KERNEL_MIN_QUOTA_US = 1000;
const MAX_PERIOD_US = 1_000_000;

/** `cpus` cores as CFS bandwidth: CPU_PERIOD_US periods, longer ones where the quota would be under MIN_QUOTA_US. */
export function cpuBandwidth(cpus: number): { quotaUs: number; periodUs: number } {
  const periodUs = Math.min(MAX_PERIOD_US, Math.max(CPU_PERIOD_US, Math.ceil(MIN_QUOTA_US / cpus)));
  return { quotaUs: Math.max(KERNEL_MIN_QUOTA_US, Math.round(cpus * periodUs)), periodUs };
}

/**
 * gVisor's ptrace platform backs each guest task with several host threads (measured on runsc 2022-12: ~8 per
 * sleeping process, ~40 for the Sentry itself), and the Sentry *panics*, killing the whole sandbox, when a clone
 * of its own fails against the host pids limit. So under runsc the host limit only bounds host threads, set
 * well above what the guest can reach, and the learner's process limit is RLIMIT_NPROC, which gVisor enforces
 * in its own kernel (per sandbox, unlike a host's per-uid count): a fork bomb gets EAGAIN, the sandbox lives.
 */
export const GVISOR_HOST_PIDS_PER_TASK = 10;
export const GVISOR_SENTRY_PIDS = 128;

function processLimits(limits: ProfileLimits): Pick<SandboxSpec, 'pidsLimit' | 'ulimits'> {
  const nofile = { name: 'nofile', soft: 1024, hard: 4096 };
  if (limits.runtime === 'runsc') {
    return {
      pidsLimit: limits.pids * GVISOR_HOST_PIDS_PER_TASK + GVISOR_SENTRY_PIDS,
      ulimits: [nofile, { name: 'nproc', soft: limits.pids, hard: limits.pids }],
    };
  }
  // On runc, nproc is counted per uid across the whole host, so the pids cgroup is the learner's limit.
  return { pidsLimit: limits.pids, ulimits: [nofile] };
}

export function specFor(profile: SandboxProfile, input: SpecInput): SandboxSpec {
  const memoryBytes = profile.limits.memoryMb * MIB;
  const tmpfsOpts = (mb: number, extra = '') => `rw,nosuid,nodev,size=${mb}m${extra}`;
  const extra = Object.fromEntries(Object.entries(profile.extraTmpfs).map(([path, mb]) => [path, tmpfsOpts(mb)]));
  return {
    image: input.imageTag,
    name: input.name,
    hostname: input.hostname,
    user: profile.initUser,
    workdir: profile.home,
    env: {
      HOME: profile.home,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      ...(profile.waitFor ? { BOXLAB_WAIT_FOR: profile.waitFor } : {}),
    },
    labels: input.labels,
    capDrop: profile.elevated ? NEVER : ['ALL'],
    capAdd: profile.elevated ? ['ALL'] : [],
    // The docker profile's learner is root-equivalent already (the docker group); `sudo` there lets namespace
    // lessons use `ip netns`, `nsenter` and `unshare` as on a Linux host, which needs setuid to work.
    noNewPrivileges: profile.name !== 'docker',
    seccomp: profile.elevated ? 'unconfined' : 'default',
    cgroupns: profile.elevated ? 'private' : 'default',
    readonlyRootfs: true,
    tmpfs: {
      ...extra,
      [profile.home]: tmpfsOpts(profile.homeMb, `,uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`),
      '/tmp': tmpfsOpts(profile.tmpMb, ',mode=1777'),
      '/run': tmpfsOpts(16, ',mode=0755'),
    },
    memoryBytes,
    memorySwapBytes: memoryBytes,
    cpu: cpuBandwidth(profile.limits.cpus),
    ...(input.cpuset ? { cpuset: input.cpuset } : {}),
    ...processLimits(profile.limits),
    network: input.network ?? 'none',
    runtime: profile.limits.runtime,
    ...(profile.devices?.length ? { devices: profile.devices } : {}),
    ...(profile.groups?.length ? { groupAdd: profile.groups } : {}),
    ...(profile.volumes?.length ? { volumes: profile.volumes } : {}),
    ...(input.agentDir ? { binds: [{ source: input.agentDir, target: AGENT_DIR, readOnly: true }] } : {}),
  };
}

/**
 * What a profile makes, whatever the sandbox's name, labels or network: its image and every wall and limit. A
 * warm-pool sandbox with another fingerprint (a rebuilt image, changed limits, a registry cache turned on) is
 * stale after a restart and is replaced rather than handed out.
 */
export function specFingerprint(profile: SandboxProfile, imageTag: string): string {
  // Every sandbox has a directory of its own: that it is mounted counts, not where it is.
  const spec: Partial<SandboxSpec> = specFor(profile, { imageTag, name: '', hostname: '', labels: {}, agentDir: 'per-sandbox' });
  delete spec.name;
  delete spec.hostname;
  delete spec.labels;
  delete spec.network;
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}
