/**
 * What the kernel sees of a sandbox, from the host's side: its cgroup's usage against its limits (from the engine's
 * stats of the container) and its namespaces (the links in /proc/<pid>/ns of its first process, beside the host's
 * PID 1). Pure: the engine's answer and the link texts are read elsewhere (kernel-reader.ts, the runtime).
 * Nothing here comes from inside the sandbox, so nothing a learner writes there can change it.
 */

/** One sample of a sandbox's cgroup. `max`: undefined when unlimited. */
export interface CgroupSample {
  memory: { current: number; max: number | undefined };
  pids: { current: number; max: number | undefined };
  /** Cumulated CPU time of the cgroup, and of the whole host (both ns), and how many CPUs the host has online. */
  cpu: { usageNs: number; systemNs: number; onlineCpus: number; throttledPeriods: number };
}

export const namespaceTypes = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export type NamespaceType = (typeof namespaceTypes)[number];

export interface NamespaceView {
  type: NamespaceType;
  /** The namespace's inode number (what `ls -l /proc/$$/ns` shows in brackets). */
  inode: number;
  /** Not the host's: the sandbox has one of its own. */
  private: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The largest a limit can be that still means one: the kernel writes "no limit" as a huge number. */
const UNLIMITED = 2 ** 52;
const limit = (v: unknown): number | undefined => {
  const n = num(v);
  return n === undefined || n === 0 || n >= UNLIMITED ? undefined : n;
};

/**
 * The engine's stats of a container (Docker's `GET /containers/{id}/stats?stream=false`) → a sample. Memory as
 * `docker stats` counts it: usage less the inactive page cache. Undefined when the answer lacks the figures (a
 * stopped container).
 */
export function parseEngineStats(raw: unknown): CgroupSample | undefined {
  const s = obj(raw);
  const memory = obj(s['memory_stats']);
  const memStats = obj(memory['stats']);
  const cpu = obj(s['cpu_stats']);
  const usage = num(memory['usage']);
  const cpuUsage = num(obj(cpu['cpu_usage'])['total_usage']);
  const system = num(cpu['system_cpu_usage']);
  if (usage === undefined || cpuUsage === undefined || system === undefined) return undefined;
  const cache = num(memStats['total_inactive_file']) ?? num(memStats['inactive_file']) ?? 0;
  const pids = obj(s['pids_stats']);
  return {
    memory: { current: Math.max(0, usage - cache), max: limit(memory['limit']) },
    pids: { current: num(pids['current']) ?? 0, max: limit(pids['limit']) },
    cpu: { usageNs: cpuUsage, systemNs: system, onlineCpus: num(cpu['online_cpus']) ?? 1, throttledPeriods: num(obj(cpu['throttling_data'])['throttled_periods']) ?? 0 },
  };
}

/**
 * CPUs used between two samples (1 = one CPU busy all the time), as `docker stats` reckons it: the cgroup's share
 * of the host's CPU time, times the CPUs online. Undefined without an earlier sample or when no time passed.
 */
export function cpuBetween(before: CgroupSample | undefined, after: CgroupSample): number | undefined {
  if (!before) return undefined;
  const used = after.cpu.usageNs - before.cpu.usageNs;
  const host = after.cpu.systemNs - before.cpu.systemNs;
  if (host <= 0 || used < 0) return undefined;
  return (used / host) * after.cpu.onlineCpus;
}

/** "net:[4026531840]" (a readlink of /proc/<pid>/ns/net) → 4026531840; undefined for anything else. */
export function namespaceInode(link: string, type: NamespaceType): number | undefined {
  const m = /^([a-z_]+):\[(\d+)\]$/.exec(link.trim());
  if (!m || m[1] !== type) return undefined;
  const inode = Number(m[2]);
  return Number.isSafeInteger(inode) ? inode : undefined;
}

/**
 * The sandbox's namespaces beside the host's (`host`: the links of PID 1), by type; a type either side lacks (an
 * older kernel has no time namespace) is left out.
 */
export function compareNamespaces(sandbox: Partial<Record<NamespaceType, string>>, host: Partial<Record<NamespaceType, string>>): NamespaceView[] {
  const out: NamespaceView[] = [];
  for (const type of namespaceTypes) {
    const mine = sandbox[type] === undefined ? undefined : namespaceInode(sandbox[type], type);
    const theirs = host[type] === undefined ? undefined : namespaceInode(host[type], type);
    if (mine === undefined || theirs === undefined) continue;
    out.push({ type, inode: mine, private: mine !== theirs });
  }
  return out;
}
