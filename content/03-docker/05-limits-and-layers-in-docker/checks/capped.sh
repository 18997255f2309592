#!/bin/bash
# capped must run now, and the kernel must hold its limits: read them from the container's own cgroup files
# (cgroup v1 or v2), not only from what docker inspect remembers being asked.
want_mem=$((96 * 1024 * 1024))
state=$(docker inspect -f '{{.State.Status}}' capped 2> /dev/null) || { echo "There is no container named capped yet."; exit 1; }
if [ "$state" != running ]; then
  echo "capped exists but is $state: it must be running (docker run -d, with a command that lasts, such as sleep 3600)."
  exit 1
fi
read -r mem memsw quota period pids < <(docker exec capped sh -c '
  c=/sys/fs/cgroup
  if [ -f $c/cgroup.controllers ]; then
    m=$(cat $c/memory.max); s=$(cat $c/memory.swap.max 2> /dev/null || echo 0)
    [ "$m" = max ] || [ "$s" = max ] && s=max || s=$((m + s))
    set -- $(cat $c/cpu.max)
    echo "$m $s $1 $2 $(cat $c/pids.max)"
  else
    echo "$(cat $c/memory/memory.limit_in_bytes) $(cat $c/memory/memory.memsw.limit_in_bytes 2> /dev/null || echo none)" \
         "$(cat $c/cpu/cpu.cfs_quota_us) $(cat $c/cpu/cpu.cfs_period_us) $(cat $c/pids/pids.max)"
  fi' 2> /dev/null)
if [ -z "$pids" ]; then
  echo "Could not read capped's cgroup files (docker exec capped ls /sys/fs/cgroup). Run it from busybox."
  exit 1
fi
problems=()
[ "$mem" = "$want_mem" ] || problems+=("its memory limit is $mem bytes, not 96 MiB ($want_mem): -m 96m")
# The engine's record too: a cgroup v2 host without swap accounting has no memory.swap.max to read.
asked_swap=$(docker inspect -f '{{.HostConfig.MemorySwap}}' capped)
if [ "$memsw" != "$want_mem" ] || [ "$asked_swap" != "$want_mem" ]; then
  problems+=("memory plus swap may reach $memsw bytes (MemorySwap in docker inspect: $asked_swap): --memory-swap 96m, the same as -m, allows no swap")
fi
if [[ $quota =~ ^[0-9]+$ && $period =~ ^[0-9]+$ ]] && [ $((quota * 4)) -eq "$period" ]; then :; else
  problems+=("its CPU quota is $quota per $period µs, not a quarter of a CPU: --cpus 0.25")
fi
[ "$pids" = 32 ] || problems+=("it may hold $pids processes, not 32: --pids-limit 32")
if [ ${#problems[@]} -gt 0 ]; then
  echo "capped runs, but its cgroup says:"
  printf -- '- %s\n' "${problems[@]}"
  echo "Limits are set when a container is created: docker rm -f capped, and run it again with them."
  exit 1
fi
echo "capped runs with 96 MiB of memory and no swap, a quarter of a CPU ($quota µs every $period µs) and at most 32 processes: its own cgroup files say so."
