#!/bin/bash
# slim:1 must be busybox plus the checksum of a 20 MiB blob made while building, with no layer that holds the blob:
# its history must show the step that made the blob, and that step's layer (and every other of its own) small.
if ! docker image inspect slim:1 > /dev/null 2>&1; then
  echo "There is no image slim:1 yet. Build it: docker build -t slim:1 -f FILE ~/fat"
  exit 1
fi
base=$(docker image inspect -f '{{index .RootFS.Layers 0}}' busybox 2> /dev/null)
if [ "$(docker image inspect -f '{{index .RootFS.Layers 0}}' slim:1)" != "$base" ]; then
  echo "slim:1 does not start with busybox's layer: build it FROM busybox."
  exit 1
fi
# One row per step, newest first; sizes in bytes. The rows below busybox's own are slim's.
rows=$(docker history --no-trunc --human=false --format '{{.Size}}|{{.CreatedBy}}' slim:1)
own=$(head -n "$(( $(wc -l <<< "$rows") - $(docker history -q busybox | wc -l) ))" <<< "$rows")
maker=$(grep -F 'head -c 20m /dev/urandom > /blob.bin' <<< "$own" | head -n 1)
if [ -z "$maker" ]; then
  echo "No step in slim:1's history makes the blob as ~/fat/Dockerfile does (docker history --no-trunc slim:1): keep its command, head -c 20m /dev/urandom > /blob.bin, in your RUN."
  exit 1
fi
big=$(awk -F'|' '$1 > 1048576 { printf "%s B: %s\n", $1, substr($2, 1, 70) }' <<< "$own")
if [ -n "$big" ]; then
  echo "slim:1 still has a layer over 1 MB (docker history slim:1):"
  echo "$big"
  echo "A file deleted in a later step stays in the layer that made it: make, use and delete the blob in one RUN."
  exit 1
fi
# One container answers both: the checksum file, and whether the blob is still there.
files=$(docker run --rm --entrypoint sh slim:1 -c 'cat /blob.md5; [ -e /blob.bin ] && echo "blob still here"' 2> /dev/null)
if ! grep -qE '^[0-9a-f]{32}  /blob.bin$' <<< "$files"; then
  echo "slim:1 has no /blob.md5 with the blob's checksum (docker run --rm slim:1 should print it, as fat:1 does)."
  exit 1
fi
if grep -qx 'blob still here' <<< "$files"; then
  echo "slim:1 still contains /blob.bin: delete it in the step that made it."
  exit 1
fi
echo "slim:1's step that made the blob left $(cut -d'|' -f1 <<< "$maker") bytes (docker history slim:1): the 20 MiB never reached a layer, and /blob.md5 is there."
