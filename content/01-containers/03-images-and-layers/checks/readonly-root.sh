#!/bin/bash
# Passes when ~/layers/readonly-error.txt holds the "Read-only file system" error from writing outside your home.
file="$HOME/layers/readonly-error.txt"

if [ ! -f "$file" ]; then
  echo "~/layers/readonly-error.txt does not exist yet. Try to create a file in /etc, and send the error message into that file with 2>."
  exit 1
fi
if grep -qi 'read-only file system' "$file"; then
  echo "Right: the root filesystem is mounted read-only, so the image's files can't change."
  exit 0
fi
if [ ! -s "$file" ]; then
  echo "~/layers/readonly-error.txt is empty. Error messages don't go through >: use 2> to catch them."
elif grep -qi 'permission denied' "$file"; then
  echo "~/layers/readonly-error.txt says \"Permission denied\". Write somewhere in /etc, such as /etc/boxlab, to see the read-only error."
else
  echo "~/layers/readonly-error.txt doesn't contain \"Read-only file system\". Try touch /etc/boxlab and catch its error with 2>."
fi
exit 1
