#!/bin/bash
# Run report:1 on numbers made up here, under a hostname chosen here: only an image that carries report.sh and
# bc, and runs it on /app/data.txt, can answer.
if ! docker image inspect report:1 > /dev/null 2>&1; then
  echo "There is no image report:1 yet. Write a Dockerfile in ~/app and build it with: docker build -t report:1 ~/app"
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
awk -v seed="$RANDOM" 'BEGIN { srand(seed); n = 3 + int(rand() * 9); for (i = 0; i < n; i++) printf "%.1f\n", 10 + rand() * 90 }' > "$dir/data.txt"
chmod 644 "$dir/data.txt"
name=check-$RANDOM
out=$(timeout 8 docker run --rm --network none --hostname "$name" -v "$dir/data.txt:/app/data.txt:ro" report:1 2>&1)
expected=$(python3 - "$dir/data.txt" "$name" <<'PY'
import sys
from decimal import Decimal, ROUND_DOWN
values = [Decimal(line) for line in open(sys.argv[1]) if line.strip()]
mean = (sum(values) / len(values)).quantize(Decimal('0.01'), rounding=ROUND_DOWN)
print(f"machine: {sys.argv[2]}\nvalues: {len(values)}\nmean: {mean}")
PY
)
if [ "$out" != "$expected" ]; then
  echo "I ran report:1 on other numbers (docker run --rm -v MY-NUMBERS:/app/data.txt report:1). It should print"
  echo "$expected"
  echo "but printed:"
  echo "${out:-(nothing)}"
  exit 1
fi
echo "report:1 carries report.sh and what it needs: it worked on numbers it had never seen."
