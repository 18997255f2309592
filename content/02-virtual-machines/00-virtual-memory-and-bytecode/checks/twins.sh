#!/bin/bash
# Two live processes, a parent and its fork, running twins.py: the same address in both, and at that address each
# holds its own bytes (read here from /proc/PID/mem).
out=~/twins.txt
if [ ! -s "$out" ]; then
  echo "There is no ~/twins.txt yet. Run: python3 ~/twins.py > ~/twins.txt &"
  exit 1
fi
mapfile -t lines < <(grep -E '^PID [0-9]+: the bytes at 0x[0-9a-f]+ are ' "$out")
if [ "${#lines[@]}" -lt 2 ]; then
  echo "~/twins.txt should have a line from each of the two processes; it has ${#lines[@]}."
  exit 1
fi
read -r _ p1 _ _ _ a1 _ w1 <<< "${lines[0]}"
read -r _ p2 _ _ _ a2 _ w2 <<< "${lines[1]}"
p1=${p1%:} p2=${p2%:}
for p in "$p1" "$p2"; do
  if ! tr '\0' ' ' 2> /dev/null < "/proc/$p/cmdline" | grep -q 'twins\.py'; then
    echo "Process $p from ~/twins.txt is not running twins.py (any more). Keep both running: start twins.py in the background (&)."
    exit 1
  fi
done
if [ "$a1" != "$a2" ]; then
  echo "The two processes print different addresses ($a1, $a2): they are not a process and its fork."
  exit 1
fi
parent1=$(awk '/^PPid:/ { print $2 }' "/proc/$p1/status") parent2=$(awk '/^PPid:/ { print $2 }' "/proc/$p2/status")
if [ "$parent2" != "$p1" ] && [ "$parent1" != "$p2" ]; then
  echo "Processes $p1 and $p2 are not parent and child."
  exit 1
fi
read_at() { python3 -c 'import sys; f = open(f"/proc/{sys.argv[1]}/mem", "rb"); f.seek(int(sys.argv[2], 16)); print(f.read(6).decode(errors="replace"))' "$1" "$2" 2>&1; }
m1=$(read_at "$p1" "$a1") m2=$(read_at "$p2" "$a2")
if [ "$m1" = "$m2" ] || [ "$m1" != "$w1" ] || [ "$m2" != "$w2" ]; then
  echo "At $a1, process $p1 holds \"$m1\" and process $p2 holds \"$m2\"; that is not what they printed."
  exit 1
fi
echo "At $a1, process $p1 holds \"$m1\" and process $p2 holds \"$m2\": one virtual address, two pieces of memory."
