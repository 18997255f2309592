#!/bin/bash
if [ "$(docker inspect -f '{{.State.Running}}' clock 2>/dev/null)" != true ]; then
  echo "clock should still be running: clean up around it. (docker start clock if you stopped it.)"
  exit 1
fi
left=$(docker ps -a --filter status=exited --filter status=created --format '{{.Names}} ({{.State}})')
if [ -n "$left" ]; then
  echo "Stopped containers remain: $(paste -sd, <<< "$left" | sed 's/,/, /g')."
  exit 1
fi
if docker image inspect leftover:1 > /dev/null 2>&1; then
  echo "The stopped containers are gone, but the image leftover:1 is still there."
  exit 1
fi
echo "Clean: no stopped containers, no leftover:1, and clock still runs."
