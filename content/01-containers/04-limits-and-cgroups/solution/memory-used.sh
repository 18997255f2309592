#!/bin/bash
usage=$(boxlab-cgroup-file memory memory.usage_in_bytes memory.current)
cat "$usage"
head -c 100M /dev/zero > ~/big
cat "$usage"
