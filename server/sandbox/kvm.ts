/**
 * Whether `vm` sandboxes can be given the host's /dev/kvm. Only a node an unprivileged learner could open
 * is passed: world read-write, or read-write for a group other than root's (Debian's `kvm` group), whose
 * id the learner then joins. A root-only node (0600) would be useless to them, and root's group is never
 * handed out. Assumes the Docker engine runs on this machine (the usual case; otherwise set BOXLAB_VM_KVM=off).
 */
import { statSync } from 'node:fs';
import type { KvmDevice } from './profiles.ts';

export const KVM_PATH = '/dev/kvm';

export function hostKvm(path = KVM_PATH): { device?: KvmDevice; reason: string } {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { reason: `${path} does not exist on this host` };
  }
  if (!st.isCharacterDevice()) return { reason: `${path} is not a device` };
  if ((st.mode & 0o006) === 0o006) return { device: { path }, reason: `${path} is usable by everyone` };
  if ((st.mode & 0o060) === 0o060 && st.gid !== 0) return { device: { path, gid: st.gid }, reason: `${path} is usable by group ${st.gid}` };
  return { reason: `${path} is not usable by an unprivileged user (mode ${(st.mode & 0o777).toString(8)}, group ${st.gid})` };
}
