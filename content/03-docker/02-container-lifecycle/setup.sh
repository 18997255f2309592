#!/bin/bash
# Leftovers to clean up (exercise clean-up): containers in the states `exited` and `created`, and an image,
# leftover:1, that one of them still uses.
set -e
docker run --name first busybox echo "Hello from first" > /dev/null
docker run --name failed busybox false > /dev/null || true
docker create --name never-started busybox > /dev/null
dir=$(mktemp -d)
printf 'FROM busybox\nLABEL purpose=leftover\nCMD ["echo", "left over"]\n' > "$dir/Dockerfile"
docker build -q -t leftover:1 "$dir" > /dev/null
rm -rf "$dir"
docker run --name leftover-run leftover:1 > /dev/null
