#!/bin/bash
# Passes when ~/answers/vm-kernel.txt holds the release of the kernel the VM boots. The expected release is
# read from the image (recorded when the guest kernel was extracted), so the check needs no boot of its own.
file="$HOME/answers/vm-kernel.txt"
want=$(cat /usr/share/boxlab-vm/kernel-release)
mine=$(uname -r)

if [ ! -f "$file" ]; then
  echo "~/answers/vm-kernel.txt does not exist yet. Boot the VM with boxlab-vm, run uname -r inside it, and save what it prints."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file" | tr -d '\r')   # first non-empty line, spaces trimmed
if [ -z "$got" ]; then
  echo "~/answers/vm-kernel.txt is empty. Put the release the VM's uname -r prints in it."
  exit 1
fi
if [ "$got" = "$want" ]; then
  echo "Right: the VM runs Linux $want, a kernel of its own that qemu booted."
  exit 0
fi
if [ "$got" = "$mine" ]; then
  echo "\"$got\" is the release of the kernel your container runs on, the host's. Ask the VM instead: boxlab-vm --run 'uname -r'"
  exit 1
fi
case "$got" in
  *"$want"*) echo "~/answers/vm-kernel.txt contains the VM's release, but more besides. Save only what uname -r prints in the VM." ;;
  *) echo "~/answers/vm-kernel.txt says \"$got\", which is not the VM's kernel release. Run uname -r inside the VM." ;;
esac
exit 1
