/**
 * Which host CPUs each sandbox runs on. Pure.
 *
 * A sandbox whose limit is under the host's CPU count is pinned to as few CPUs as its limit needs (one for the
 * 0.5-CPU shell), the least loaded ones. Left free to run anywhere, its processes spread over every CPU, and
 * the kernel gives its cgroup a weight on each CPU in proportion to the load it has there: where it has little,
 * its weight is tiny, and a process of it that wakes there (the shell printing its prompt after Ctrl-C) can wait
 * hundreds of milliseconds behind the other sandboxes' busy groups. Under 20 floods on 2 cores that was a prompt
 * 300–500 ms late in about every other run (ftrace: the shell and `cat` runnable, not run, for 220–250 ms);
 * pinned, the worst of nine full benchmark runs was 22–61 ms (docs/benchmarks.md). A sandbox cannot use more
 * than its limit anyway, so ceil(limit) CPUs carry all it may use; what pinning costs is balance, kept by placing
 * each new sandbox on the CPUs with the least placed on them.
 */
export class CpuPlacement {
  /** CPU share placed on each host CPU. */
  private readonly load: number[];
  private readonly placed = new Map<string, { cpus: number[]; share: number }>();

  constructor(hostCpus: number) {
    if (!Number.isInteger(hostCpus) || hostCpus < 1) throw new Error(`host CPU count must be a positive integer, not ${hostCpus}`);
    this.load = new Array<number>(hostCpus).fill(0);
  }

  /**
   * The cpuset (`"1"`, `"0,2"`) for sandbox `key` with a limit of `share` CPUs, or undefined when it needs
   * every CPU the host has (it is then left unpinned and not counted).
   */
  place(key: string, share: number): string | undefined {
    this.release(key);
    const n = Math.max(1, Math.ceil(share));
    if (n >= this.load.length) return undefined;
    const cpus = this.load
      .map((load, cpu) => ({ load, cpu }))
      .sort((a, b) => a.load - b.load || a.cpu - b.cpu)
      .slice(0, n)
      .map((c) => c.cpu)
      .sort((a, b) => a - b);
    this.assign(key, cpus, share);
    return cpus.join(',');
  }

  /**
   * Count a sandbox placed before (by a server that restarted): `cpuset` as place() wrote it. A cpuset this
   * host does not have (another machine's, a hand-edited label) is not counted.
   */
  adopt(key: string, cpuset: string, share: number): void {
    const parts = cpuset.split(',');
    if (parts.some((p) => !/^\d+$/.test(p))) return;
    const cpus = parts.map(Number);
    if (cpus.some((c) => c >= this.load.length)) return;
    this.release(key);
    this.assign(key, cpus, share);
  }

  /** The sandbox is gone: its CPUs count it no more. */
  release(key: string): void {
    const p = this.placed.get(key);
    if (!p) return;
    for (const cpu of p.cpus) this.load[cpu] = Math.max(0, this.load[cpu]! - p.share / p.cpus.length);
    this.placed.delete(key);
  }

  private assign(key: string, cpus: number[], share: number): void {
    for (const cpu of cpus) this.load[cpu]! += share / cpus.length;
    this.placed.set(key, { cpus, share });
  }

  /** Share placed on each CPU (for logs and tests). */
  loads(): readonly number[] {
    return [...this.load];
  }
}

/** Whether an engine error says the cpuset asked for is not available to it (a host that restricts its CPUs). */
export function isCpusetRefused(err: unknown): boolean {
  return /cpuset|requested cpus are not available/i.test(String((err as Error | undefined)?.message ?? err));
}
