#!/bin/bash
# hog must have ended because the kernel's OOM killer ended it under its own 24 MiB limit. Exit code 137 alone is
# any SIGKILL (docker kill, kill -9, exit 137): the engine records an OOM kill separately, in State.OOMKilled.
want=$((24 * 1024 * 1024))
read -r status oom code mem swap < <(docker inspect -f '{{.State.Status}} {{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' hog 2> /dev/null)
[ -n "$status" ] || { echo "There is no container named hog yet."; exit 1; }
if [ "$mem" != "$want" ] || [ "$swap" != "$want" ]; then
  echo "hog's limits are memory $mem bytes and memory plus swap $swap bytes: it should have 24 MiB ($want) of both, -m 24m --memory-swap 24m. Remove it (docker rm -f hog) and run it again."
  exit 1
fi
if [ "$status" = running ] || [ "$status" = created ]; then
  echo "hog is $status: its program has not ended yet. Give it a command that needs more memory than 24 MiB."
  exit 1
fi
# Docker 20.10 may handle the exit before the OOM notice and leave OOMKilled false; its event log still has the
# oom event then (a notice lost altogether leaves neither: the learner runs hog again).
if [ "$oom" != true ]; then
  read -r id created < <(docker inspect -f '{{.Id}} {{.Created}}' hog)
  [ -n "$(docker events --since "$created" --until "$(date +%s.%N)" --filter "container=$id" --filter event=oom --format '{{.ID}}' 2> /dev/null)" ] && oom=true
fi
if [ "$oom" != true ]; then
  echo "hog ended with exit code $code, but the OOM killer did not end it (State.OOMKilled is $oom, and the engine logged no oom event for it): exit code 137 alone is any SIGKILL. Give it a command that needs more than 24 MiB. (If it did, this engine missed the kernel's notice, which happens now and then: run hog again.)"
  exit 1
fi
if [ "$code" != 137 ]; then
  echo "The OOM killer ended a process in hog, but hog's main process ended with exit code $code, not 137 (SIGKILL): let the program that needs the memory be the container's command."
  exit 1
fi
echo "hog was killed by the kernel for memory: the engine recorded the OOM kill, and exit code 137 (128 + 9, SIGKILL), under its 24 MiB limit."
