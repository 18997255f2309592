#!/bin/bash
# Passes when ~/answers/pids-max.txt holds this container's process limit (pids.max on cgroup v1 or v2).
file="$HOME/answers/pids-max.txt"

# cgfile V1_CONTROLLER V1_FILE V2_FILE: print the path of this container's cgroup file on cgroup v1 or v2.
cgfile() {
  local dir
  if [ -f "/sys/fs/cgroup/$1/$2" ]; then echo "/sys/fs/cgroup/$1/$2"; return 0; fi
  if [ -f "/sys/fs/cgroup/$3" ]; then echo "/sys/fs/cgroup/$3"; return 0; fi
  dir=$(sed -n 's/^0:://p' /proc/self/cgroup)
  if [ -n "$dir" ] && [ -f "/sys/fs/cgroup$dir/$3" ]; then echo "/sys/fs/cgroup$dir/$3"; return 0; fi
  return 1
}

if ! src=$(cgfile pids pids.max pids.max); then
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
