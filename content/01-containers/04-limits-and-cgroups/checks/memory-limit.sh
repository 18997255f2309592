#!/bin/bash
# Passes when ~/answers/memory-limit.txt holds this container's memory limit in bytes, as the cgroup shows it
# (cgroup v1: memory/memory.limit_in_bytes, cgroup v2: memory.max).
file="$HOME/answers/memory-limit.txt"

if ! src=$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max); then
  echo "This check can't find your memory cgroup under /sys/fs/cgroup. Please tell the course authors."
  exit 1
fi
want=$(tr -d '[:space:]' < "$src")

if [ ! -f "$file" ]; then
  echo "~/answers/memory-limit.txt does not exist yet. Read your limit from $src and send it into that file."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")
if [ "$got" = "$want" ]; then
  if [[ $want =~ ^[0-9]+$ ]]; then
    echo "Right: your processes may use $want bytes, that is $((want / 1048576)) MiB, including the files in your tmpfs folders."
  else
    echo "Right: your cgroup's memory limit is \"$want\"."
  fi
  exit 0
fi
if [ -z "$got" ]; then
  echo "~/answers/memory-limit.txt is empty. Put the number from $src in it."
elif [[ $want =~ ^[0-9]+$ ]] && [[ $got =~ ^([0-9]+)[[:space:]]*(M|MB|Mi|MiB|m)?$ ]] && [ "${BASH_REMATCH[1]}" = "$((want / 1048576))" ]; then
  echo "That's the limit in mebibytes. Save it in bytes, exactly as $src shows it."
else
  echo "~/answers/memory-limit.txt says \"$got\", but that's not your memory limit. Compare it with $src."
fi
exit 1
