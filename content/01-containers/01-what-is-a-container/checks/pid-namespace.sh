#!/bin/bash
# Passes when ~/answers/pid-ns.txt holds this container's PID namespace, as "pid:[NUMBER]" or just NUMBER.
file="$HOME/answers/pid-ns.txt"
link=$(readlink /proc/self/ns/pid)      # e.g. pid:[4026532254]; the check runs in your container's PID namespace
want=${link//[^0-9]/}

if [ ! -f "$file" ]; then
  echo "~/answers/pid-ns.txt does not exist yet. Use readlink on /proc/\$\$/ns/pid and send its output into that file."
  exit 1
fi
got=$(grep -o '[0-9]\{4,\}' "$file" | head -n 1)
if [ -z "$got" ]; then
  echo "~/answers/pid-ns.txt has no namespace number in it. It should look like pid:[4026532254]."
  exit 1
fi
if [ "$got" != "$want" ]; then
  echo "~/answers/pid-ns.txt names namespace $got, but your shell's PID namespace is a different one. Did you copy the pid link, not another one?"
  exit 1
fi
echo "Right: your processes live in PID namespace $link. Every process in this container shows the same link."
