#!/bin/bash
# Recompute the answer from the live process: the [stack] line of memo.py's own maps.
pid=$(pgrep -u "$(id -u)" -f 'python3 .*memo\.py' | head -n 1)
if [ -z "$pid" ]; then
  echo "memo.py is not running any more. Start it again (python3 ~/memo.py &): the new process has a stack of its own, at another address."
  exit 1
fi
want=$(awk '$6 == "[stack]" { print $1 }' "/proc/$pid/maps")
[ -s ~/stack.txt ] || { echo "There is no ~/stack.txt yet."; exit 1; }
got=$(tr -d ' \t\n' < ~/stack.txt)
if [ "$got" != "$want" ]; then
  echo "~/stack.txt holds \"$got\", which is not the address range of the [stack] of memo.py (PID $pid). Another process's stack lies elsewhere."
  exit 1
fi
echo "Right: memo.py's stack is at $want in its own address space."
