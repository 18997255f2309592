#!/bin/bash
# Passes when ~/layers/lower-count.txt holds the number of lower (read-only) layers of the overlay mounted at /.
file="$HOME/layers/lower-count.txt"
# Super options of the last mount on / (the part after " - " is: type, source, options).
opts=$(awk '$5 == "/" { line = $0 } END { sub(/.* - /, "", line); split(line, f, " "); print f[3] }' /proc/self/mountinfo)
want=0
IFS=, read -ra parts <<< "$opts"
for p in "${parts[@]}"; do
  case $p in
    lowerdir=*)             # classic form: lowerdir=top:...:bottom
      IFS=: read -ra dirs <<< "${p#lowerdir=}"
      for d in "${dirs[@]}"; do [ -n "$d" ] && want=$((want + 1)); done ;;
    lowerdir+=*) want=$((want + 1)) ;;   # newer kernels can list one lowerdir+= per layer
  esac
done

if [ ! -f "$file" ]; then
  echo "~/layers/lower-count.txt does not exist yet. Count the layers in the lowerdir= option of / and write the number into it."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")
if ! [[ $got =~ ^[0-9]+$ ]]; then
  echo "~/layers/lower-count.txt should hold just a number, but it says \"$got\". wc -l counts lines."
  exit 1
fi
got=$((10#$got))
if ((want == 0)); then
  # Not an overlay root (another storage driver): accept any positive count.
  if ((got > 0)); then
    echo "Your root is not an overlay mount on this machine, so there is no lowerdir to count; $got is accepted."
    exit 0
  fi
  echo "~/layers/lower-count.txt should hold a positive number."
  exit 1
fi
if ((got == want)); then
  echo "Right: $want read-only layers are stacked under your root: the image's layers, and probably Docker's small init layer on top."
  exit 0
fi
if ((got == 1)); then
  echo "1 is the number of lowerdir= options, not of layers. Split its value at the colons (tr ':' '\\n') and count the lines."
else
  echo "~/layers/lower-count.txt says $got, but your root has a different number of lower layers. Each entry between the colons in lowerdir= is one layer."
fi
exit 1
