#!/bin/bash
# Passes when ~/answers/qemu-pid.txt holds the PID of a running qemu process that boots the VM: the VM itself, as
# the kernel sees it from the container (its program, /proc/PID/exe, is qemu; not the boxlab-vm script or timeout).
file="$HOME/answers/qemu-pid.txt"

if [ ! -f "$file" ]; then
  echo "~/answers/qemu-pid.txt does not exist yet. Start a VM in the background and find its qemu process with ps or pgrep."
  exit 1
fi
pid=$(awk 'NF { $1 = $1; print; exit }' "$file")
if ! [[ $pid =~ ^[0-9]+$ ]]; then
  echo "~/answers/qemu-pid.txt should hold one number, a PID, but it says \"$pid\"."
  exit 1
fi
exe=$(readlink "/proc/$pid/exe" 2> /dev/null)
if [ -z "$exe" ]; then
  echo "No process has PID $pid now. Is your VM still running? boxlab-vm --run 'sleep 170' > /dev/null & starts one; then look again."
  exit 1
fi
if [ "$exe" != /usr/bin/qemu-system-x86_64 ]; then
  echo "PID $pid runs $exe, not qemu. $(basename "$exe") may have started the VM, but the VM itself is the qemu-system-x86_64 process."
  exit 1
fi
if ! tr '\0' '\n' 2> /dev/null < "/proc/$pid/cmdline" | grep -qx /usr/share/boxlab-vm/vmlinuz; then
  echo "PID $pid is a qemu, but not one booting the lesson's VM. Start it with boxlab-vm."
  exit 1
fi
rss=$(ps -o rss= -p "$pid" | tr -d ' ')
echo "Right: PID $pid is your VM, one ordinary process in your container. It holds $((rss / 1024)) MiB of memory right now, the VM's RAM among it."
