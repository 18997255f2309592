#!/bin/bash
# Passes when ~/answers/vm-ps.txt holds a process list taken inside the VM: its PID 1 is the guest's init
# and the guest kernel's own threads (kthreadd) are listed, which a container's ps never shows.
file="$HOME/answers/vm-ps.txt"

if [ ! -f "$file" ]; then
  echo "~/answers/vm-ps.txt does not exist yet. Save what ps prints inside the VM: boxlab-vm --run ps > ~/answers/vm-ps.txt"
  exit 1
fi
if grep -qE 'docker-init|boxlab-terminal' "$file"; then
  echo "~/answers/vm-ps.txt lists your container's processes (docker-init, boxlab-terminal-agent, bash). Take the list inside the VM instead."
  exit 1
fi
if ! grep -qE '^[[:space:]]*1[[:space:]].*init' "$file"; then
  echo "~/answers/vm-ps.txt has no line for PID 1 running init. Save the whole output of ps, run inside the VM."
  exit 1
fi
if ! grep -q 'kthreadd' "$file"; then
  echo "~/answers/vm-ps.txt shows no kernel threads such as [kthreadd]. Save the whole output of ps, run inside the VM."
  exit 1
fi
threads=$(grep -c '\[.*\]' "$file")
echo "Right: inside the VM, PID 1 is the guest's own init and its kernel's threads ($threads of them, like [kthreadd]) are there to see. Your container's ps shows neither: its kernel belongs to the host."
exit 0
