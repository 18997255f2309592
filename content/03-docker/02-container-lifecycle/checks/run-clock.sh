#!/bin/bash
# clock must be running now and printing the time now: its newest log line is a few seconds old at most.
state=$(docker inspect -f '{{.State.Status}}' clock 2>/dev/null) || { echo "There is no container named clock yet."; exit 1; }
if [ "$state" != running ]; then
  echo "clock exists, but it is $state, not running. Run it in the background with docker run -d."
  exit 1
fi
last=$(docker logs -t --tail 1 clock 2>&1)
if ! grep -qE ' .*[0-9]{2}:[0-9]{2}:[0-9]{2}' <<< "$last"; then
  echo "clock runs, but its log shows no time (docker logs clock). Its command should print the date every second."
  exit 1
fi
age=$(awk -v now="$(date +%s.%N)" -v then="$(date -d "${last%% *}" +%s.%N)" 'BEGIN { printf "%d", now - then }')
if [ "$age" -gt 5 ]; then
  echo "clock's last line is ${age} s old: it should print the time every second."
  exit 1
fi
echo "clock runs in the background: $(docker logs --tail 1 clock 2>&1)"
