#!/bin/bash
mkdir -p ~/answers
if [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
  cat /sys/fs/cgroup/memory/memory.limit_in_bytes > ~/answers/memory-limit.txt   # cgroup v1
else
  cat /sys/fs/cgroup/memory.max > ~/answers/memory-limit.txt                     # cgroup v2
fi
