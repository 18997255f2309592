#!/bin/bash
# Passes when ~/layers/upperdir.txt holds the upperdir of the overlay mounted at /: this container's own layer.
file="$HOME/layers/upperdir.txt"
# Super options of the last mount on / (after " - " come its type, source and options).
opts=$(awk '$5 == "/" { line = $0 } END { sub(/.* - /, "", line); split(line, f, " "); print f[3] }' /proc/self/mountinfo)
want=$(tr ',' '\n' <<< "$opts" | sed -n 's/^upperdir=//p')
work=$(tr ',' '\n' <<< "$opts" | sed -n 's/^workdir=//p')

if [ -z "$want" ]; then
  echo "Your root is not an overlay mount with an upperdir on this machine, so there is no container layer to find. Please tell the course authors."
  exit 1
fi
if [ ! -f "$file" ]; then
  echo "~/layers/upperdir.txt does not exist yet. Find the upperdir= option of / (findmnt -n -o OPTIONS /) and save its value there."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")
if [ "$got" = "$want" ]; then
  echo "Right: your container layer is $want, on the host's disk. Docker made it for this container alone, and deletes it with the container."
  exit 0
fi
if [ "$got" = "upperdir=$want" ]; then
  echo "Nearly: save only the path, without \"upperdir=\" (cut -d= -f2)."
elif [ "$got" = "$work" ]; then
  echo "That is the workdir, OverlayFS's scratch space. The container layer is the upperdir."
elif [[ $opts == *"$got"* ]]; then
  echo "\"$got\" is one of the mount options of /, but not the upperdir."
else
  echo "~/layers/upperdir.txt says \"$got\", but that is not the upperdir of your root. Look for upperdir= in findmnt -n -o OPTIONS /."
fi
exit 1
