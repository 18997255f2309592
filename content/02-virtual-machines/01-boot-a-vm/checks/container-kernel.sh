#!/bin/bash
# Passes when ~/answers/container-kernel.txt holds the release of the kernel this container runs on.
# The message compares it with the VM's kernel; the two can be equal on a host that boots the same Debian
# kernel, so the check never requires them to differ.
file="$HOME/answers/container-kernel.txt"
want=$(uname -r)
guest=$(cat /usr/share/boxlab-vm/kernel-release)

if [ ! -f "$file" ]; then
  echo "~/answers/container-kernel.txt does not exist yet. Run uname -r in your container (not in the VM) and save what it prints."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file" | tr -d '\r')
if [ -z "$got" ]; then
  echo "~/answers/container-kernel.txt is empty. Put the output of uname -r in it."
  exit 1
fi
if [ "$got" != "$want" ]; then
  if [ "$got" = "$guest" ]; then
    echo "\"$got\" is the VM's kernel. Power the VM off (poweroff) and run uname -r in your container's own shell."
  else
    echo "~/answers/container-kernel.txt says \"$got\", but your container runs on kernel $want. Save only what uname -r prints."
  fi
  exit 1
fi
if [ "$want" != "$guest" ]; then
  echo "Right: your container runs on the host's kernel, $want, while the VM booted its own, $guest."
else
  echo "Right: your container runs on the host's kernel, $want. This host happens to boot the same Debian kernel as the VM, so the releases match, but they are two separate kernels: one runs the whole machine, the other only the VM."
fi
exit 0
