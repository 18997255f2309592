#!/bin/bash
# Passes when ~/answers/hostname.txt holds this container's hostname.
file="$HOME/answers/hostname.txt"
want=$(cat /proc/sys/kernel/hostname)

if [ ! -f "$file" ]; then
  echo "~/answers/hostname.txt does not exist yet. Run hostname and send its output into that file with >."
  exit 1
fi
got=$(tr -d '[:space:]' < "$file")
if [ -z "$got" ]; then
  echo "~/answers/hostname.txt is empty. Put the output of the hostname command in it."
  exit 1
fi
if [ "$got" != "$want" ]; then
  echo "~/answers/hostname.txt says \"$got\", but that is not your container's hostname. Run hostname and compare."
  exit 1
fi
echo "Right: your container is called $want. The UTS namespace gives it a hostname of its own."
