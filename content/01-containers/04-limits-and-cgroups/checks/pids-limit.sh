#!/bin/bash
# Passes when ~/answers/pids-max.txt holds this container's process limit (pids.max on cgroup v1 or v2).
file="$HOME/answers/pids-max.txt"

if ! src=$(boxlab-cgroup-file pids pids.max pids.max); then
  echo "This check can't find your pids cgroup under /sys/fs/cgroup. Please tell the course authors."
  exit 1
fi
want=$(tr -d '[:space:]' < "$src")

if [ ! -f "$file" ]; then
  echo "~/answers/pids-max.txt does not exist yet. Read your limit from $src and send it into that file."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")
if [ "$got" = "$want" ]; then
  echo "Right: at most $want processes may exist in your container at once."
  exit 0
fi
if [ -z "$got" ]; then
  echo "~/answers/pids-max.txt is empty. Put the number from $src in it."
else
  echo "~/answers/pids-max.txt says \"$got\", but that's not your process limit. Read pids.max, not pids.current: $src"
fi
exit 1
