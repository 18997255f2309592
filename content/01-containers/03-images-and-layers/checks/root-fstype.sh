#!/bin/bash
# Passes when ~/layers/root-fstype.txt holds the filesystem type mounted at / (overlay with Docker's usual storage).
file="$HOME/layers/root-fstype.txt"
# The last mount on / is the one you see; field 5 is the mount point, the filesystem type follows " - ".
want=$(awk '$5 == "/" { line = $0 } END { sub(/.* - /, "", line); split(line, f, " "); print f[1] }' /proc/self/mountinfo)

if [ ! -f "$file" ]; then
  echo "~/layers/root-fstype.txt does not exist yet. findmnt / shows the filesystem type in its FSTYPE column."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")
if [ "$got" = "$want" ]; then
  echo "Right: the filesystem at / is $want, the image's layers merged into one tree."
  exit 0
fi
if [ -z "$got" ]; then
  echo "~/layers/root-fstype.txt is empty. Write the filesystem type of / into it."
elif [ "$got" = tmpfs ]; then
  echo "tmpfs is the type of your home folder. The file should hold the type of /, the root."
else
  echo "~/layers/root-fstype.txt says \"$got\", but that's not the type of /. Only the type, please: findmnt -n -o FSTYPE / prints it."
fi
exit 1
