#!/bin/bash
# Passes when ~/layers/lower.txt lists the lower (read-only) layers of the overlay mounted at /, one per line, top
# first. The list is this container's own: Docker's init layer at the top belongs to this container alone.
file="$HOME/layers/lower.txt"
opts=$(awk '$5 == "/" { line = $0 } END { sub(/.* - /, "", line); split(line, f, " "); print f[3] }' /proc/self/mountinfo)
# Classic form: lowerdir=top:...:bottom. Newer kernels may list one lowerdir+= per layer instead.
want=$(tr ',' '\n' <<< "$opts" | sed -n -e 's/^lowerdir=//p' -e 's/^lowerdir+=//p' | tr ':' '\n' | sed '/^$/d')
count=$(grep -c . <<< "$want")

if [ -z "$want" ]; then
  echo "Your root is not an overlay mount with lower layers on this machine. Please tell the course authors."
  exit 1
fi
if [ ! -f "$file" ]; then
  echo "~/layers/lower.txt does not exist yet. Split the value of lowerdir= at the colons (tr ':' '\\n') and save the lines there."
  exit 1
fi
got=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//; /^$/d' "$file")
if [ "$got" = "$want" ]; then
  echo "Right: $count read-only layers are stacked under your root: the image's $((count - 1)) (shared by every container of that image) and, at the top, Docker's init layer, this container's own."
  exit 0
fi
if [[ $got =~ ^[0-9]+$ ]]; then
  echo "~/layers/lower.txt holds a number. Save the layers themselves, one per line; then wc -l ~/layers/lower.txt counts them."
elif [ "$(grep -c . <<< "$got")" = 1 ] && [[ $got == *:* ]]; then
  echo "~/layers/lower.txt holds all the layers on one line. Put each on a line of its own: tr ':' '\\n'."
elif [ "$(sort <<< "$got")" = "$(sort <<< "$want")" ]; then
  echo "Those are the right layers, but not in the order lowerdir= lists them. Keep the order: the top of the stack first."
else
  echo "~/layers/lower.txt doesn't list the lower layers of your root ($count of them). Split the value of lowerdir= at the colons."
fi
exit 1
