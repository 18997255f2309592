#!/bin/bash
# Passes when ~/layers/readonly-error.txt holds the error of an attempt to create /etc/<this container's hostname>,
# exactly as the kernel answers it now: the check makes the same attempt and compares (a read-only root refuses it).
file="$HOME/layers/readonly-error.txt"
target="/etc/$(hostname)"

if [ ! -f "$file" ]; then
  echo "~/layers/readonly-error.txt does not exist yet. Try touch /etc/\$(hostname), and send its error message into that file with 2>."
  exit 1
fi
if [ ! -s "$file" ]; then
  echo "~/layers/readonly-error.txt is empty. Error messages don't go through >: use 2> to catch them."
  exit 1
fi
got=$(awk 'NF { print; exit }' "$file")
if [ -e "$target" ]; then
  echo "$target exists, so this check can't see the error you met. Please tell the course authors."
  exit 1
fi
want=$(touch "$target" 2>&1)
if [ "$got" = "$want" ]; then
  echo "Right: \"$want\". The root filesystem is mounted read-only, so the image's files can't change here."
  exit 0
fi
if [[ $got != *"$target"* ]]; then
  echo "~/layers/readonly-error.txt holds \"$got\", which is not about $target. Try to create a file named after your container's hostname: touch /etc/\$(hostname)."
elif [[ $got == *"Read-only file system"* ]]; then
  echo "~/layers/readonly-error.txt is close, but not what touch printed: \"$got\". Save the error itself with 2>, not a copy."
else
  echo "~/layers/readonly-error.txt holds \"$got\", but touch $target says \"$want\" here."
fi
exit 1
