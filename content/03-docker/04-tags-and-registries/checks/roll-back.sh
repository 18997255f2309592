#!/bin/bash
# The registry's latest must name the very image 1.0 names (not a rebuild), and the container quote must run it.
reg=localhost:5050
accept='Accept: application/vnd.docker.distribution.manifest.v2+json'
digest() { curl -sfI -H "$accept" "$reg/v2/quote/manifests/$1" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'; }
curl -sf "$reg/v2/" > /dev/null || { echo "The registry on port 5050 does not answer. Is the container registry running? (docker start registry)"; exit 1; }
d1=$(digest 1.0) dl=$(digest latest)
[ -n "$d1" ] || { echo "The registry has no quote:1.0: do the exercise above first."; exit 1; }
if [ "$dl" != "$d1" ]; then
  echo "In the registry, quote:latest is $dl, not the image quote:1.0 names ($d1). Tag 1.0 as latest and push it."
  exit 1
fi
config=$(curl -sf -H "$accept" "$reg/v2/quote/manifests/1.0" | jq -r .config.digest)
if [ "$(docker inspect -f '{{.State.Running}}' quote 2> /dev/null)" != true ]; then
  echo "latest names 1.0 again. Now run it: the container quote (port 8090) is not running."
  exit 1
fi
if [ "$(docker inspect -f '{{.Image}}' quote)" != "$config" ]; then
  echo "The container quote runs another image than quote:1.0. Replace it with one from 127.0.0.1:5050/quote:1.0."
  exit 1
fi
curl -sf -m 3 localhost:8090 | grep -q 'version 1\.0' || { echo "quote runs 1.0, but nothing answers on port 8090 (-p 8090:80)."; exit 1; }
echo "Rolled back: latest names 1.0 ($d1) again, and the container quote serves it on port 8090."
