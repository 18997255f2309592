/**
 * The profile catalog: which sandbox profiles this server offers, with their image tags and warm-pool sizes, and the
 * registry cache docker sandboxes share when there is one. One answer for the app, lesson CI, the benches and the
 * tests. Pure: the images are built and the host probed by catalog-loader.ts.
 */
import type { Config } from '../config/schema.ts';
import { dockerProfile, shellProfile, vmProfile, type KvmDevice, type SandboxProfile } from './profiles.ts';
import { registryCacheMount, registryCacheSpec } from './registry-cache.ts';
import type { ServiceSpec } from './runtime.ts';

export interface CatalogEntry {
  readonly profile: SandboxProfile;
  readonly imageTag: string;
  /** How many sandboxes of it to keep started for the next learners. */
  readonly pool: number;
}

/** Profile name → what it takes to run one. A profile missing here is one this server does not offer. */
export type ProfileCatalog = ReadonlyMap<string, CatalogEntry>;

export interface Catalog {
  profiles: ProfileCatalog;
  /** The pull-through cache docker sandboxes use (BOXLAB_DOCKER_REGISTRY_UPSTREAM), started before any of them. */
  registryCache: ServiceSpec | undefined;
}

type CatalogConfig = Pick<Config, 'shell' | 'docker' | 'vm' | 'pool' | 'instance' | 'extraLabels'>;

/** The images (folders under sandbox/images/) a server with this configuration runs. */
export function imagesFor(config: CatalogConfig): string[] {
  const images = ['shell', 'vm'];
  if (config.docker) images.push('docker');
  if (config.docker?.registryUpstream) images.push('registry-cache');
  return images;
}

/** `imageTagOf(image)`: the tag of each image of imagesFor(config); `kvm`: the host's device, when vm sandboxes may have it. */
export function profileCatalog(config: CatalogConfig, imageTagOf: (image: string) => string, host: { kvm?: KvmDevice | undefined } = {}): Catalog {
  const profiles = new Map<string, CatalogEntry>();
  profiles.set('shell', { profile: shellProfile(config.shell), imageTag: imageTagOf('shell'), pool: config.pool.shell });
  const upstream = config.docker?.registryUpstream;
  const registryCache = upstream
    ? registryCacheSpec({ instance: config.instance, imageTag: imageTagOf('registry-cache'), upstream, extraLabels: config.extraLabels })
    : undefined;
  if (config.docker) {
    const options = { ...config.docker, registryCache: registryCache ? registryCacheMount(config.instance) : undefined };
    profiles.set('docker', { profile: dockerProfile(config.docker, options), imageTag: imageTagOf('docker'), pool: config.pool.docker });
  }
  const vmLimits = { memoryMb: config.vm.memoryMb, cpus: config.vm.cpus, pids: config.vm.pids };
  profiles.set('vm', { profile: vmProfile(vmLimits, host.kvm), imageTag: imageTagOf('vm'), pool: config.pool.vm });
  return { profiles, registryCache };
}
