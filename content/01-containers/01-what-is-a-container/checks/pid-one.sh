#!/bin/bash
# Passes when ~/answers/pid1.txt names the program running as PID 1 (for example docker-init or /sbin/docker-init).
file="$HOME/answers/pid1.txt"
comm=$(cat /proc/1/comm)
argv0=$(tr '\0' '\n' < /proc/1/cmdline | head -n 1)

if [ ! -f "$file" ]; then
  echo "~/answers/pid1.txt does not exist yet. Find the process with PID 1 in ps -ef and write its name into that file."
  exit 1
fi
# Accept the name alone or a whole command line such as "/sbin/docker-init -- sleep infinity".
first=$(awk 'NF { print $1; exit }' "$file")
if [ -z "$first" ]; then
  echo "~/answers/pid1.txt is empty. Write the name of the program whose PID is 1 into it."
  exit 1
fi
if [ "${first##*/}" = "$comm" ] || [ "$first" = "$argv0" ] || [ "${first##*/}" = "${argv0##*/}" ]; then
  echo "Right: PID 1 in your container is $comm. The PID namespace numbers your processes from 1."
  exit 0
fi
echo "~/answers/pid1.txt says \"$first\", but that is not the program with PID 1. Look at the line whose PID column is 1 in ps -ef."
exit 1
