#!/bin/bash
# Passes when ~/answers/sleep-pid.txt holds the PID of a `sleep 1000` that runs now, in this container.
file="$HOME/answers/sleep-pid.txt"

if [ ! -f "$file" ]; then
  echo "~/answers/sleep-pid.txt does not exist yet. Start sleep 1000 with & at the end, then save \$! in that file."
  exit 1
fi
pid=$(awk 'NF { $1 = $1; print; exit }' "$file")
if ! [[ $pid =~ ^[0-9]+$ ]]; then
  echo "~/answers/sleep-pid.txt should hold one number, a PID, but it says \"$pid\"."
  exit 1
fi
# The process itself, as the kernel describes it now: its command line, NUL-separated.
cmd=$(tr '\0' ' ' 2> /dev/null < "/proc/$pid/cmdline")
if [ -z "$cmd" ]; then
  echo "No process has PID $pid now. Is your sleep 1000 still running? jobs lists what you started in the background."
  exit 1
fi
if [ "$cmd" = "sleep infinity " ]; then
  echo "PID $pid is sleep infinity, the process that keeps your container running. Start a sleep 1000 of your own."
  exit 1
fi
if [ "$cmd" != "sleep 1000 " ]; then
  echo "PID $pid is \"${cmd% }\", not sleep 1000. \$! holds the PID of the last command you started with &."
  exit 1
fi
ppid=$(ps -o ppid= -p "$pid" | tr -d ' ')
echo "Right: PID $pid is your sleep 1000, numbered by your container's PID namespace. Its parent is PID $ppid ($(ps -o comm= -p "$ppid"))."
