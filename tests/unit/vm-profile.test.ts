import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load.ts';
import { imageContext } from '../../server/sandbox/images.ts';
import { hostKvm } from '../../server/sandbox/kvm.ts';
import { shellProfile, specFor, vmProfile } from '../../server/sandbox/profiles.ts';

const input = { imageTag: 'img', name: 'n', hostname: 'h', labels: {} };
const limits = { memoryMb: 512, cpus: 1, pids: 128 };

describe('vm profile', () => {
  it('keeps every wall of the shell profile, with its own limits and image', () => {
    const vm = specFor(vmProfile(limits), input);
    const shell = specFor(shellProfile(limits), input);
    expect(vm).toEqual(shell);
    expect(vmProfile(limits)).toMatchObject({ name: 'vm', image: 'vm' });
    expect(vm).toMatchObject({ capDrop: ['ALL'], capAdd: [], noNewPrivileges: true, readonlyRootfs: true, network: 'none', memoryBytes: 512 * 1024 * 1024 });
    expect(vm.devices).toBeUndefined();
  });

  it('gets /dev/kvm, and the group that may open it, only when given one', () => {
    expect(specFor(vmProfile(limits, { path: '/dev/kvm', gid: 108 }), input)).toMatchObject({ devices: ['/dev/kvm'], groupAdd: ['108'] });
    const worldUsable = specFor(vmProfile(limits, { path: '/dev/kvm' }), input);
    expect(worldUsable.devices).toEqual(['/dev/kvm']);
    expect(worldUsable.groupAdd).toBeUndefined();
    expect(specFor(shellProfile(limits), input).devices).toBeUndefined();
  });

  it('is configured by BOXLAB_VM_*, with no warm pool by default', () => {
    const c = loadConfig({});
    expect(c.vm).toMatchObject({ memoryMb: 512, cpus: 1, kvm: 'auto' });
    expect(c.pool.vm).toBe(0);
    expect(loadConfig({ BOXLAB_VM_MEMORY_MB: '768', BOXLAB_VM_CPUS: '2', BOXLAB_POOL_VM: '1', BOXLAB_VM_KVM: 'off' })).toMatchObject({
      vm: { memoryMb: 768, cpus: 2, kvm: 'off' },
      pool: { vm: 1 },
    });
    expect(() => loadConfig({ BOXLAB_VM_KVM: 'yes' })).toThrow(/BOXLAB_VM_KVM/);
  });

  it('image is built with the terminal wrapper and shell profile every image shares', () => {
    const { files, dockerfile } = imageContext('vm');
    expect(dockerfile).toBe('vm/Dockerfile');
    expect(files).toEqual(expect.arrayContaining(['common/boxlab-terminal', 'common/profile.sh', 'vm/Dockerfile', 'vm/boxlab-vm']));
    expect(files.some((f) => f.startsWith('shell/'))).toBe(false);
  });

  it('passes a KVM device only when an unprivileged user could open it', () => {
    expect(hostKvm('/nonexistent/kvm').device).toBeUndefined();
    expect(hostKvm('/etc/hostname')).toMatchObject({ reason: expect.stringMatching(/not a device/) });
    // /dev/null stands in for a world-usable /dev/kvm (mode 0666): passed, no group needed.
    expect(hostKvm('/dev/null').device).toEqual({ path: '/dev/null' });
  });
});
