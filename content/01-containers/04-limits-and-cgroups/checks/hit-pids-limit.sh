#!/bin/bash
# Passes when ~/limits/fork-error.txt holds the error of a refused fork, the pids cgroup recorded hitting its limit,
# and the experiment has been cleaned up (no more than half the limit in use).
file="$HOME/limits/fork-error.txt"

if [ ! -f "$file" ]; then
  echo "~/limits/fork-error.txt does not exist yet. Run the experiment from \"Run into the limit, safely\"; it saves its errors there."
  exit 1
fi
if ! grep -qiE 'resource temporarily unavailable|cannot fork' "$file"; then
  if [ -s "$file" ]; then
    echo "~/limits/fork-error.txt has no \"Resource temporarily unavailable\" in it. Did the experiment start enough processes to reach the limit?"
  else
    echo "~/limits/fork-error.txt is empty. Run the experiment, and put 2> ~/limits/fork-error.txt after the closing parenthesis."
  fi
  exit 1
fi

if events=$(boxlab-cgroup-file pids pids.events pids.events); then
  refused=$(awk '$1 == "max" { print $2 }' "$events")
  if [ "${refused:-0}" -eq 0 ]; then
    echo "Your cgroup has not refused a single process yet (see $events). Run the experiment in this sandbox to reach the limit."
    exit 1
  fi
fi

if max_file=$(boxlab-cgroup-file pids pids.max pids.max) && cur_file=$(boxlab-cgroup-file pids pids.current pids.current); then
  max=$(tr -d '[:space:]' < "$max_file")
  cur=$(tr -d '[:space:]' < "$cur_file")
  if [[ $max =~ ^[0-9]+$ ]] && ((cur > max / 2)); then
    echo "You reached the limit, but $cur processes are still running. Clean up with pkill -f 'sleep 60' (not a plain pkill sleep), or wait a minute."
    exit 1
  fi
fi

echo "Right: your cgroup refused new processes at its limit${refused:+ (pids.events says max $refused)}, and you have cleaned up. The pids limit keeps a runaway program inside its own container."
