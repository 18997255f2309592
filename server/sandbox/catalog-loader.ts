/**
 * The profile catalog of this host: every image the configuration needs is built when missing (with progress), and
 * /dev/kvm is probed for vm sandboxes. Used by the server, lesson CI, the benches and the tests alike.
 */
import type { Config } from '../config/schema.ts';
import { ensureImage, type ProgressLog } from './images.ts';
import { hostKvm } from './kvm.ts';
import { imagesFor, profileCatalog, type Catalog } from './profile-catalog.ts';
import type { SandboxRuntime } from './runtime.ts';

export async function loadCatalog(runtime: SandboxRuntime, config: Config, log: ProgressLog): Promise<Catalog> {
  const tags = new Map<string, string>();
  for (const image of imagesFor(config)) tags.set(image, await ensureImage(runtime, image, log));
  const kvm = config.vm.kvm === 'off' ? { reason: 'BOXLAB_VM_KVM=off' } : hostKvm();
  log(kvm.device ? `vm sandboxes get ${kvm.device.path}` : `vm sandboxes emulate (no /dev/kvm for them: ${kvm.reason})`);
  return profileCatalog(config, (image) => {
    const tag = tags.get(image);
    if (!tag) throw new Error(`no tag for the "${image}" image`);
    return tag;
  }, { kvm: kvm.device });
}
