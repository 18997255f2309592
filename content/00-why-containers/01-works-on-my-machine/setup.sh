#!/bin/bash
# A colleague's small program that needs bc (the sandbox has none), and numbers of this learner's own, so the
# mean cannot be copied from the page.
set -e
mkdir -p ~/app
cat > ~/app/report.sh <<'SCRIPT'
#!/bin/sh
# report.sh: how many numbers data.txt holds (one per line), and their mean to two decimals.
# Works on my machine! -- Sam
data=${1:-data.txt}
n=$(wc -l < "$data")
sum=$(paste -sd+ "$data" | bc)
echo "machine: $(hostname)"
echo "values: $n"
echo "mean: $(echo "scale=2; $sum / $n" | bc)"
SCRIPT
awk -v seed="$RANDOM" 'BEGIN { srand(seed); n = 5 + int(rand() * 5); for (i = 0; i < n; i++) printf "%.1f\n", 10 + rand() * 90 }' > ~/app/data.txt
rm -f ~/app/report.txt
