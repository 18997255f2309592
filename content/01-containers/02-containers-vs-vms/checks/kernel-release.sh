#!/bin/bash
# Passes when ~/answers/kernel.txt holds the running kernel's release, as printed by uname -r.
file="$HOME/answers/kernel.txt"
want=$(uname -r)

if [ ! -f "$file" ]; then
  echo "~/answers/kernel.txt does not exist yet. Run uname -r and send its output into that file with >."
  exit 1
fi
got=$(awk 'NF { $1 = $1; print; exit }' "$file")   # first non-empty line, spaces trimmed
if [ -z "$got" ]; then
  echo "~/answers/kernel.txt is empty. Put the output of uname -r in it."
  exit 1
fi
if [ "$got" = "$want" ]; then
  # Under gVisor the kernel your processes see is gVisor's own (it prints its name in dmesg); elsewhere the host's.
  if dmesg 2> /dev/null | grep -q gVisor; then
    echo "Right: your processes run on kernel $want, gVisor's, which stands in front of the host's kernel. Your image brought none."
  else
    echo "Right: you run on kernel $want, the host's own kernel. Your image brought none."
  fi
  exit 0
fi
case "$got" in
  *"$want"*) echo "~/answers/kernel.txt contains the release, but more besides. Save only what uname -r prints." ;;
  *) echo "~/answers/kernel.txt says \"$got\", which is not the release of the kernel you run on. Compare it with uname -r." ;;
esac
exit 1
