#!/bin/bash
# The lesson's experiment, cleaning up after itself: the subshell keeps each sleep's PID ($!) and, when it ends
# (bash gives up once the kernel refuses), its EXIT trap ends them with kill, a builtin: at the limit no new
# process (such as pkill) could start. Takes about 15 seconds, like the experiment.
mkdir -p ~/limits
( pids=()
  trap 'kill "${pids[@]}" 2> /dev/null' EXIT
  for i in $(seq 1 200); do sleep 60 & pids+=($!); done
) 2> ~/limits/fork-error.txt
cat ~/limits/fork-error.txt
exit 0
