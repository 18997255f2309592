#!/bin/bash
# Passes while this container's memory cgroup counts at least 100 MiB in use (or half the limit, when that is less):
# the kernel's own counter, which a file in the tmpfs home raises and a number typed into a file does not.
MIB=1048576
if ! usage_file=$(boxlab-cgroup-file memory memory.usage_in_bytes memory.current) ||
  ! limit_file=$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max); then
  echo "This check can't find your memory cgroup under /sys/fs/cgroup. Please tell the course authors."
  exit 1
fi
used=$(tr -d '[:space:]' < "$usage_file")
limit=$(tr -d '[:space:]' < "$limit_file")
want=$((100 * MIB))
[[ $limit =~ ^[0-9]+$ ]] && ((limit / 2 < want)) && want=$((limit / 2))

if ((used >= want)); then
  echo "Right: your cgroup counts $((used / MIB)) MiB in use ($usage_file), most of it the file in your home folder, which lives in memory. Remove it now: rm ~/big"
  exit 0
fi
if [ -f ~/big ]; then
  size=$(wc -c < ~/big)
  held=$(du -k ~/big | cut -f1)
  if ((size >= want && held * 1024 < want)); then
    echo "~/big is $((size / MIB)) MiB long but holds only $((held / 1024)) MiB: a file with holes (truncate makes one) takes no memory. Write real bytes into it: head -c 100M /dev/zero > ~/big"
  else
    echo "~/big holds $((held / 1024)) MiB, and your cgroup counts $((used / MIB)) MiB in use. Make it bigger: head -c 100M /dev/zero > ~/big"
  fi
else
  echo "Your cgroup counts $((used / MIB)) MiB in use ($usage_file). Write a file of 100 MiB into your home folder, ~/big, and leave it there until this check passes."
fi
exit 1
