#!/bin/bash
# The container pinned must name its image by the registry's digest of quote:1.0.
reg=localhost:5050
accept='Accept: application/vnd.docker.distribution.manifest.v2+json'
d1=$(curl -sfI -H "$accept" "$reg/v2/quote/manifests/1.0" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }')
[ -n "$d1" ] || { echo "The registry does not answer, or has no quote:1.0."; exit 1; }
[ "$(docker inspect -f '{{.State.Running}}' pinned 2> /dev/null)" = true ] || { echo "There is no running container named pinned yet."; exit 1; }
image=$(docker inspect -f '{{.Config.Image}}' pinned)
if [ "$image" != "127.0.0.1:5050/quote@$d1" ]; then
  echo "pinned was started from $image. Start it from 127.0.0.1:5050/quote@ followed by the registry's digest of 1.0 (docker image inspect shows it among the RepoDigests)."
  exit 1
fi
echo "pinned runs 127.0.0.1:5050/quote@$d1: whatever the tags say tomorrow, this name means this image."
