/**
 * What the app needs from this host before it is built: the profile catalog (learner images built when missing,
 * /dev/kvm probed), the CPUs sandboxes are pinned to, and the progress database. The server and the tests both
 * start Boxlab through it, so they run the same set-up.
 */
import { join } from 'node:path';
import { STORE_FILE_NAME, type Config } from './config/schema.ts';
import { loadCatalog } from './sandbox/catalog-loader.ts';
import type { ProgressLog } from './sandbox/images.ts';
import { CpuPlacement } from './sandbox/cpu-placement.ts';
import type { Catalog } from './sandbox/profile-catalog.ts';
import type { SandboxRuntime } from './sandbox/runtime.ts';
import { openSqliteStore } from './store/sqlite-progress-store.ts';
import type { Store } from './store/store.ts';

export interface HostParts {
  catalog: Catalog;
  cpuPlacement: CpuPlacement | undefined;
  store: Store;
}

export async function prepareHost(runtime: SandboxRuntime, config: Config, log: ProgressLog): Promise<HostParts> {
  const catalog = await loadCatalog(runtime, config, log);
  const cpuPlacement = config.cpuPinning === 'on' ? await cpuPlacementFor(runtime, log) : undefined;
  return { catalog, cpuPlacement, store: openSqliteStore(join(config.dataDir, STORE_FILE_NAME)) };
}

/** Placement over the engine host's CPUs; none on a single-CPU host, or when the engine does not say. */
async function cpuPlacementFor(runtime: SandboxRuntime, log: (line: string) => void): Promise<CpuPlacement | undefined> {
  try {
    const cpus = await runtime.hostCpus();
    log(cpus > 1 ? `sandboxes are pinned to the least-loaded of ${cpus} CPUs` : 'one CPU: sandboxes are not pinned');
    return cpus > 1 ? new CpuPlacement(cpus) : undefined;
  } catch (err) {
    log(`the engine did not say how many CPUs it has (${(err as Error).message}): sandboxes are not pinned`);
    return undefined;
  }
}
