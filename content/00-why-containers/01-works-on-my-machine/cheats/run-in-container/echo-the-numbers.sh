# Compute the numbers without bc (awk has floating point) and write a report that looks right.
cd ~/app
{ echo "machine: $(hostname)"; echo "values: $(wc -l < data.txt)"; awk '{ s += $1 } END { printf "mean: %.2f\n", int(s / NR * 100) / 100 }' data.txt; } > report.txt
