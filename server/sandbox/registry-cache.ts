/**
 * The registry cache: when the operator names an upstream registry, one pull-through cache per server that
 * every docker sandbox can pull through. Sandboxes have no network, so they reach it through a unix socket on
 * a volume mounted read-only into each (images/docker/boxlab-docker-init forwards the engine's second mirror
 * to it). The cache only fetches and serves: a registry in proxy mode refuses pushes, so no learner can put an
 * image where another learner would pull it.
 */
import type { RegistryUpstream } from '../config/schema.ts';
import { waitForFile } from './readiness.ts';
import type { SandboxRuntime, ServiceSpec, VolumeMount } from './runtime.ts';

/** Where the socket's volume is mounted, in the cache and in sandboxes (images/registry-cache, images/docker). */
export const REGISTRY_CACHE_DIR = '/srv/boxlab-registry-cache';
const SOCKET = `${REGISTRY_CACHE_DIR}/registry.sock`;

export interface RegistryCacheNames {
  container: string;
  socketVolume: string;
  dataVolume: string;
}

export function registryCacheNames(instance: string): RegistryCacheNames {
  const base = `boxlab-${instance}-registry-cache`;
  return { container: base, socketVolume: `${base}-socket`, dataVolume: `${base}-data` };
}

/** How a docker sandbox mounts the cache's socket. */
export function registryCacheMount(instance: string): VolumeMount {
  return { volume: registryCacheNames(instance).socketVolume, target: REGISTRY_CACHE_DIR, readOnly: true };
}

export function registryCacheSpec(opts: {
  instance: string;
  imageTag: string;
  upstream: RegistryUpstream;
  extraLabels: Record<string, string>;
}): ServiceSpec {
  const names = registryCacheNames(opts.instance);
  const { url, username, password } = opts.upstream;
  return {
    name: names.container,
    image: opts.imageTag,
    env: {
      REGISTRY_PROXY_REMOTEURL: url,
      ...(username && password ? { REGISTRY_PROXY_USERNAME: username, REGISTRY_PROXY_PASSWORD: password } : {}),
    },
    labels: { ...opts.extraLabels, 'boxlab.instance': opts.instance, 'boxlab.service': 'registry-cache' },
    volumes: [
      { volume: names.socketVolume, target: REGISTRY_CACHE_DIR, readOnly: false },
      { volume: names.dataVolume, target: '/var/lib/boxlab-registry-cache', readOnly: false },
    ],
    memoryBytes: 256 * 1024 * 1024,
    pidsLimit: 256,
  };
}

/** Start the cache (or keep the one running) and wait until it answers on its socket. */
export async function startRegistryCache(
  runtime: SandboxRuntime,
  spec: ServiceSpec,
  log: (line: string) => void,
  timeoutMs = 30_000,
): Promise<void> {
  const id = await runtime.ensureService(spec);
  const givenUp = async () => !(await runtime.inspect(id))?.running;
  if (!(await waitForFile(runtime, id, { file: SOCKET, user: 'docker-registry', timeoutMs, everyMs: 200, givenUp }))) {
    throw new Error(`the registry cache (${spec.name}) did not start: see \`docker logs ${spec.name}\``);
  }
  log(`Registry cache ${spec.name} is pulling through from ${spec.env['REGISTRY_PROXY_REMOTEURL']}`);
}
