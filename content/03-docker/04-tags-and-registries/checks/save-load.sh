#!/bin/bash
# ~/quote-2.0.tar must hold quote 2.0 (the image whose config the registry names for 2.0), and the engine must have
# deleted that image and loaded it back (its own event log says so).
reg=localhost:5050
accept='Accept: application/vnd.docker.distribution.manifest.v2+json'
config=$(curl -sf -H "$accept" "$reg/v2/quote/manifests/2.0" | jq -r '.config.digest // empty' 2> /dev/null)
[ -n "$config" ] || { echo "The registry does not answer, or has no quote:2.0."; exit 1; }
tarfile=~/quote-2.0.tar
[ -s "$tarfile" ] || { echo "There is no ~/quote-2.0.tar yet: docker save -o ~/quote-2.0.tar 127.0.0.1:5050/quote:2.0"; exit 1; }
saved=$(tar -xOf "$tarfile" manifest.json 2> /dev/null | jq -r '.[].Config' 2> /dev/null)
if ! grep -qx "${config#sha256:}.json" <<< "$saved"; then
  echo "~/quote-2.0.tar does not hold quote 2.0 (image ${config:7:12}); save that one."
  exit 1
fi
events=$(docker events --since 0 --until "$(date +%s.%N)" --filter type=image --filter "image=$config" --format '{{.Action}}' 2> /dev/null)
if ! grep -qx delete <<< "$events"; then
  echo "The tar file is right. Now remove the image from the engine (docker rmi every tag of it), then load it back."
  exit 1
fi
if [ "$(grep -xE 'delete|load' <<< "$events" | tail -n 1)" != load ] || ! docker image inspect "$config" > /dev/null 2>&1; then
  echo "The image was removed; load it back from the file: docker load -i ~/quote-2.0.tar"
  exit 1
fi
echo "quote 2.0 travelled through ~/quote-2.0.tar: removed, then loaded back as the same image (${config:7:12})."
