#!/bin/bash
mkdir -p ~/answers
if [ -f /sys/fs/cgroup/pids/pids.max ]; then
  cat /sys/fs/cgroup/pids/pids.max > ~/answers/pids-max.txt   # cgroup v1
else
  cat /sys/fs/cgroup/pids.max > ~/answers/pids-max.txt        # cgroup v2
fi
