#!/bin/bash
# The report must come from a container that really ran here: its "machine:" line is that container's hostname
# (its short id), which the engine still knows after the container is gone (docker events), and its numbers must
# be those of ~/app/data.txt, recomputed here.
report=~/app/report.txt
[ -s "$report" ] || { echo "There is no ~/app/report.txt yet: run report.sh in a busybox container and save what it prints there."; exit 1; }
expected=$(python3 - ~/app/data.txt <<'PY'
import sys
from decimal import Decimal, ROUND_DOWN
values = [Decimal(line) for line in open(sys.argv[1]) if line.strip()]
mean = (sum(values) / len(values)).quantize(Decimal('0.01'), rounding=ROUND_DOWN)
print(f"values: {len(values)}\nmean: {mean}")
PY
)
if [ "$(grep -E '^(values|mean):' "$report")" != "$expected" ]; then
  echo "~/app/report.txt does not hold the right numbers for ~/app/data.txt. It says:"
  grep -E '^(values|mean):' "$report" || echo "(no values: or mean: line)"
  exit 1
fi
machine=$(sed -n 's/^machine: //p' "$report" | head -n 1)
if [ -z "$machine" ]; then
  echo "The report has no \"machine:\" line: save everything report.sh prints."
  exit 1
fi
if [ "$machine" = "$(hostname)" ]; then
  echo "This report was made by your sandbox itself (machine: $machine), not in a container."
  exit 1
fi
image=$(docker events --since 0 --until "$(date +%s.%N)" --filter event=die --format '{{.ID}} {{.From}}' 2>/dev/null \
  | awk -v m="$machine" 'length(m) >= 12 && index($1, m) == 1 { print $2; exit }')
if [ -z "$image" ]; then
  echo "No container with the hostname $machine ran in your sandbox (or it ran too long ago for the engine to remember). Run report.sh in a container again."
  exit 1
fi
echo "The report came from container $machine, made from the image $image, which has the bc that your sandbox lacks."
