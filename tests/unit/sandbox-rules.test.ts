import { describe, expect, it } from 'vitest';
import { judgeLease } from '../../server/domain/lease.ts';
import { fromLabels, toLabels } from '../../server/sandbox/labels.ts';
import { cpuBandwidth, dockerProfile, shellProfile, specFingerprint, specFor } from '../../server/sandbox/profiles.ts';
import { registryCacheMount, registryCacheSpec } from '../../server/sandbox/registry-cache.ts';
import { lessonIdFromPath } from '../../src/lib/lesson-id.ts';

describe('lease', () => {
  const policy = { idleTimeoutMs: 1000 };
  const lease = { createdAt: 0, expiresAt: 10_000, lastActivityAt: 0, attachedClients: 0 };

  it('keeps a sandbox while it is attached or recently active', () => {
    expect(judgeLease(lease, policy, 999)).toEqual({ keep: true });
    expect(judgeLease({ ...lease, attachedClients: 1 }, policy, 5000)).toEqual({ keep: true });
  });

  it('removes an idle one, and any past its time-to-live', () => {
    expect(judgeLease(lease, policy, 1000)).toEqual({ keep: false, reason: 'idle' });
    expect(judgeLease({ ...lease, attachedClients: 3 }, policy, 10_000)).toEqual({ keep: false, reason: 'expired' });
  });
});

describe('labels', () => {
  it('round-trip, and refuse incomplete sets', () => {
    const l = { instance: 'i', profile: 'shell', createdAt: 1_000 };
    const labels = toLabels(l, { 'boxlab.test': '1' });
    expect(labels['boxlab.test']).toBe('1');
    expect(fromLabels(labels)).toEqual(l);
    expect(fromLabels(toLabels({ ...l, cpus: '1' }))?.cpus).toBe('1');
    expect(fromLabels({ ...labels, 'boxlab.profile': '' })).toBeUndefined();
    expect(fromLabels({ ...labels, 'boxlab.created': 'soon' })).toBeUndefined();
    expect(fromLabels({})).toBeUndefined();
  });
});

describe('shell profile', () => {
  const spec = specFor(shellProfile({ memoryMb: 256, cpus: 0.5, pids: 128 }), { imageTag: 'img', name: 'n', hostname: 'h', labels: {} });

  it('drops every capability, forbids privilege escalation and the network', () => {
    expect(spec.capDrop).toEqual(['ALL']);
    expect(spec.capAdd).toEqual([]);
    expect(spec.noNewPrivileges).toBe(true);
    expect(spec.network).toBe('none');
    expect(spec.user).toBe('learner');
  });

  it('bounds memory (no swap), CPU, processes and writable space', () => {
    expect(spec.memoryBytes).toBe(256 * 1024 * 1024);
    expect(spec.memorySwapBytes).toBe(spec.memoryBytes);
    // Half a CPU, enforced over short periods (a throttled shell waits ~10 ms at most, not 50), with a quota of
    // two 5 ms bandwidth slices.
    expect(spec.cpu).toEqual({ quotaUs: 10_000, periodUs: 20_000 });
  });

  it('gives a share under 10 ms per 10 ms period a longer period, within what the kernel takes', () => {
    expect(cpuBandwidth(2)).toEqual({ quotaUs: 20_000, periodUs: 10_000 });
    expect(cpuBandwidth(1)).toEqual({ quotaUs: 10_000, periodUs: 10_000 });
    expect(cpuBandwidth(0.25)).toEqual({ quotaUs: 10_000, periodUs: 40_000 });
    expect(cpuBandwidth(0.1)).toEqual({ quotaUs: 10_000, periodUs: 100_000 });
    expect(cpuBandwidth(0.3)).toEqual({ quotaUs: 10_000, periodUs: 33_334 });
    expect(cpuBandwidth(0.01)).toEqual({ quotaUs: 10_000, periodUs: 1_000_000 });
    // The smallest the kernel takes: 1 ms a second.
    expect(cpuBandwidth(0.0001)).toEqual({ quotaUs: 1_000, periodUs: 1_000_000 });
    expect(spec.pidsLimit).toBe(128);
    expect(spec.readonlyRootfs).toBe(true);
    for (const opts of Object.values(spec.tmpfs)) expect(opts).toMatch(/size=\d+m/);
    expect(spec.ulimits.map((u) => u.name)).not.toContain('nproc');
  });

  it('under gVisor, limits the learner with nproc and leaves the Sentry room for its host threads', () => {
    const gv = specFor(shellProfile({ memoryMb: 256, cpus: 0.5, pids: 128, runtime: 'runsc' }), { imageTag: 'img', name: 'n', hostname: 'h', labels: {} });
    expect(gv.ulimits).toContainEqual({ name: 'nproc', soft: 128, hard: 128 });
    expect(gv.pidsLimit).toBeGreaterThanOrEqual(128 * 8 + 40);
  });
});

describe('lesson ids', () => {
  it('drop ordering numbers and the index file', () => {
    expect(lessonIdFromPath('01-containers/02-vs-vms/index.mdx')).toBe('containers/vs-vms');
    expect(lessonIdFromPath('intro/index.mdx')).toBe('intro');
  });
});

describe('registry cache', () => {
  const spec = registryCacheSpec({
    instance: 'i1',
    imageTag: 'boxlab/registry-cache:abc',
    upstream: { url: 'https://registry-1.docker.io', username: undefined, password: undefined },
    extraLabels: { team: 'x' },
  });
  it('is one service per instance, outside sandbox bookkeeping, pulling from the upstream', () => {
    expect(spec.name).toBe('boxlab-i1-registry-cache');
    expect(spec.labels).toMatchObject({ team: 'x', 'boxlab.instance': 'i1', 'boxlab.service': 'registry-cache' });
    expect(spec.labels['boxlab.managed']).toBeUndefined();
    expect(spec.env).toEqual({ REGISTRY_PROXY_REMOTEURL: 'https://registry-1.docker.io' });
  });
  it('reaches docker sandboxes only as a read-only socket volume, never its data', () => {
    const profile = dockerProfile({ memoryMb: 1024, cpus: 1, pids: 512 }, { elevated: true, storageMb: 512, registryCache: registryCacheMount('i1') });
    const sandbox = specFor(profile, { imageTag: 'img', name: 'n', hostname: 'h', labels: {} });
    expect(sandbox.volumes).toEqual([{ volume: 'boxlab-i1-registry-cache-socket', target: '/srv/boxlab-registry-cache', readOnly: true }]);
    const data = spec.volumes.find((v) => v.target === '/var/lib/boxlab-registry-cache');
    expect(sandbox.volumes?.map((v) => v.volume)).not.toContain(data?.volume);
    const without = specFor(dockerProfile({ memoryMb: 1024, cpus: 1, pids: 512 }, { elevated: true, storageMb: 512 }), { imageTag: 'img', name: 'n', hostname: 'h', labels: {} });
    expect(without.volumes).toBeUndefined();
  });
});

describe('spec fingerprint', () => {
  const limits = { memoryMb: 256, cpus: 0.5, pids: 128 };
  const fp = specFingerprint(shellProfile(limits), 'boxlab/shell:aaa');
  it('changes with the image, a limit or a mount', () => {
    expect(specFingerprint(shellProfile(limits), 'boxlab/shell:bbb')).not.toBe(fp);
    expect(specFingerprint(shellProfile({ ...limits, memoryMb: 200 }), 'boxlab/shell:aaa')).not.toBe(fp);
    const docker = (cache?: ReturnType<typeof registryCacheMount>) =>
      specFingerprint(dockerProfile(limits, { elevated: true, storageMb: 512, registryCache: cache }), 'boxlab/docker:aaa');
    expect(docker(registryCacheMount('i1'))).not.toBe(docker());
  });
  it('is the same for every sandbox of a profile, whatever its name, labels or network', () => {
    expect(specFingerprint(shellProfile({ ...limits }), 'boxlab/shell:aaa')).toBe(fp);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
  });
});
