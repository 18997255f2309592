#!/bin/bash
# Passes when ~/answers/vm-ps.txt holds a process list taken inside the VM: its PID 1 is the guest's init
# and the guest kernel's own threads are listed (a dozen of those every booted kernel runs), which a container's
# ps never shows.
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
# Threads every booted Linux 6.x kernel starts (busybox's ps cuts names to 15 characters). A list typed by hand
# names a few; the kernel's own list has them all.
known='kthreadd rcu_gp rcu_par_gp slub_flushwq netns mm_percpu_wq ksoftirqd/0 rcu_preempt migration/0 cpuhp/0 kdevtmpfs
  inet_frag_wq kauditd khungtaskd oom_reaper writeback kcompactd0 ksmd kintegrityd kblockd blkcg_punt_bio kswapd0
  kthrotld ipv6_addrconf mld kstrp devfreq_wq edac-poller tpm_dev_wq'
found=0
for t in $known; do grep -qF "[$t]" "$file" && found=$((found + 1)); done
if ((found < 12)); then
  echo "~/answers/vm-ps.txt names only $found of the kernel threads a booted kernel runs, such as [kthreadd], [kswapd0] and [oom_reaper]. Save the whole output of ps, run inside the VM: boxlab-vm --run ps > ~/answers/vm-ps.txt"
  exit 1
fi
threads=$(grep -c '\[.*\]' "$file")
echo "Right: inside the VM, PID 1 is the guest's own init and its kernel's threads ($threads of them, like [kthreadd]) are there to see. Your container's ps shows neither: its kernel belongs to the host."
exit 0
