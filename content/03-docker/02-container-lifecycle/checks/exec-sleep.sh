#!/bin/bash
# docker exec starts its process from outside the container: the parent is in no PID namespace the container can
# see, so ps in the container shows PPID 0. A process started by anything inside the container has a parent there.
if [ "$(docker inspect -f '{{.State.Running}}' clock 2>/dev/null)" != true ]; then
  echo "clock is not running: start it again (docker start clock)."
  exit 1
fi
sleeps=$(docker exec clock ps -o pid,ppid,args | awk '$3 == "sleep" && $4 == "600" && NF == 4')
if [ -z "$sleeps" ]; then
  echo "No sleep 600 runs in clock. Start one with docker exec, in the background (-d)."
  exit 1
fi
if ! awk '$2 == 0 { found = 1 } END { exit !found }' <<< "$sleeps"; then
  echo "A sleep 600 runs in clock, but its parent is PID $(awk 'NR == 1 { print $2 }' <<< "$sleeps") in the container: something in the container started it, not docker exec."
  exit 1
fi
echo "A sleep 600 runs in clock with PPID 0:"
echo "$sleeps"
