#!/bin/bash
# Passes when a VM runs now (a qemu process booting the image's guest kernel) and ~/answers/vm-kernel.txt holds the
# release of that kernel. The release is recorded in the image, so the check boots nothing itself; copying it from
# there without ever booting a VM is exactly what the running qemu process rules out.
file="$HOME/answers/vm-kernel.txt"
want=$(cat /usr/share/boxlab-vm/kernel-release)
mine=$(uname -r)

# A running VM: a process whose program really is qemu (its /proc/PID/exe, not a name) and that boots the guest.
running_vm() {
  local p
  for p in $(pgrep -x qemu-system-x86); do
    [ "$(readlink "/proc/$p/exe" 2> /dev/null)" = /usr/bin/qemu-system-x86_64 ] &&
      tr '\0' '\n' 2> /dev/null < "/proc/$p/cmdline" | grep -qx /usr/share/boxlab-vm/vmlinuz && return 0
  done
  return 1
}

if [ ! -f "$file" ]; then
  echo "~/answers/vm-kernel.txt does not exist yet. With a VM running, ask it for uname -r (boxlab-vm --run 'uname -r') and save what it prints."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file" | tr -d '\r')   # first non-empty line, spaces trimmed
if [ -z "$got" ]; then
  echo "~/answers/vm-kernel.txt is empty. Put the release the VM's uname -r prints in it."
  exit 1
fi
if [ "$got" != "$want" ]; then
  if [ "$got" = "$mine" ]; then
    echo "\"$got\" is the release of the kernel your container runs on, the host's. Ask the VM instead: boxlab-vm --run 'uname -r'"
  elif [[ $got == *"$want"* ]]; then
    echo "~/answers/vm-kernel.txt contains the VM's release, but more besides. Save only what uname -r prints in the VM."
  else
    echo "~/answers/vm-kernel.txt says \"$got\", which is not the VM's kernel release. Run uname -r inside the VM."
  fi
  exit 1
fi
if ! running_vm; then
  echo "That is the VM's release, but no VM is running now. Boot one and leave it running while the check looks: boxlab-vm --run 'sleep 170' > /dev/null &"
  exit 1
fi
if [ "$want" != "$mine" ]; then
  echo "Right: the VM runs Linux $want, a kernel of its own that qemu booted; your container runs on the host's, $mine."
else
  echo "Right: the VM runs Linux $want, a kernel of its own that qemu booted. This host happens to boot the same Debian kernel, so your container's uname -r says the same, but they are two kernels: one runs the whole machine, the other only the VM."
fi
