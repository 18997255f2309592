/**
 * Reads what kernel-view.ts interprets, from the host's side only: the engine's stats of the sandbox's cgroup, and
 * the namespace links of its first process beside the host's PID 1 (in /proc of the server's host: the server must
 * share the host's PID namespace and may read other users' processes, as root does). Never anything inside the
 * sandbox.
 */
import { readlink } from 'node:fs/promises';
import { compareNamespaces, namespaceTypes, parseEngineStats, type CgroupSample, type NamespaceType, type NamespaceView } from './kernel-view.ts';
import type { SandboxRuntime } from './runtime.ts';

export const NAMESPACES_UNREADABLE = 'This server cannot read the namespaces of your sandbox’s processes (it runs without access to the host’s /proc).';

export interface KernelReader {
  /** One sample of the sandbox's cgroup; undefined when the engine has none (the sandbox stopped). */
  sample(sandboxId: string): Promise<CgroupSample | undefined>;
  /**
   * Its namespaces beside the host's, and whose links they were compared with: the host's PID 1, or where that is
   * not readable (a host that hides its init from the server) the server's own process, which runs in the host's
   * namespaces beside the engine. A sentence when they cannot be read here.
   */
  namespaces(sandboxId: string): Promise<{ views: NamespaceView[]; reference: NamespaceReference } | string>;
}

export type NamespaceReference = 'pid1' | 'server';

async function links(procDir: string): Promise<Partial<Record<NamespaceType, string>>> {
  const out: Partial<Record<NamespaceType, string>> = {};
  await Promise.all(
    namespaceTypes.map(async (type) => {
      const link = await readlink(`${procDir}/ns/${type}`).catch(() => undefined);
      if (link !== undefined) out[type] = link;
    }),
  );
  return out;
}

export function kernelReader(runtime: SandboxRuntime, procRoot = '/proc'): KernelReader {
  return {
    sample: async (id) => parseEngineStats(await runtime.cgroupStats(id)),
    namespaces: async (id) => {
      const pid = await runtime.hostPid(id);
      if (pid === undefined) return 'Your sandbox is not running.';
      const [mine, init] = await Promise.all([links(`${procRoot}/${pid}`), links(`${procRoot}/1`)]);
      const reference: NamespaceReference = Object.keys(init).length > 0 ? 'pid1' : 'server';
      const host = reference === 'pid1' ? init : await links(`${procRoot}/self`);
      const views = compareNamespaces(mine, host);
      return views.length > 0 ? { views, reference } : NAMESPACES_UNREADABLE;
    },
  };
}
