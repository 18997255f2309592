#!/bin/bash
# Stopped and started again, the same container keeps its log: it holds lines from before its latest start.
# (Well before: the engine records StartedAt a moment after the process has begun, so a first run's first line
# may come a few milliseconds before it.)
read -r state started_at < <(docker inspect -f '{{.State.Status}} {{.State.StartedAt}}' clock 2> /dev/null)
[ -n "$state" ] || { echo "There is no container named clock: do the exercise above first."; exit 1; }
if [ "$state" != running ]; then
  echo "clock is $state. Start it again with docker start clock."
  exit 1
fi
started=$(date -d "$started_at" +%s.%N)
first=$(docker logs -t clock 2>&1 | head -n 1)
first_at=$(date -d "${first%% *}" +%s.%N 2>/dev/null || echo "$started")
if awk -v a="$first_at" -v b="$started" 'BEGIN { exit !(a > b - 2) }'; then
  echo "clock has only been started once: its whole log comes from its latest start. Stop it, then start the same container again."
  exit 1
fi
echo "clock was stopped and started again: its log goes on from where it was, with a gap (docker logs -t clock)."
