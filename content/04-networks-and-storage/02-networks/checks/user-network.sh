#!/bin/bash
# Judged live: the network's driver, api on it, and a fresh container on it that finds api by its name.
driver=$(docker network inspect -f '{{.Driver}}' shop 2> /dev/null) || { echo "There is no network named shop yet."; exit 1; }
[ "$driver" = bridge ] || { echo "shop uses the $driver driver; make it a bridge network (the default of docker network create)."; exit 1; }
state=$(docker inspect -f '{{.State.Status}}' api 2> /dev/null) || { echo "There is no container named api yet."; exit 1; }
[ "$state" = running ] || { echo "api exists but is $state, not running."; exit 1; }
docker inspect -f '{{range $n, $_ := .NetworkSettings.Networks}}{{$n}} {{end}}' api | grep -qw shop \
  || { echo "api runs, but not on shop: it is on $(docker inspect -f '{{range $n, $_ := .NetworkSettings.Networks}}{{$n}} {{end}}' api | xargs)."; exit 1; }
page=$(timeout 8 docker run --rm --network shop busybox wget -qO- http://api/ 2>&1)
grep -q '<h1>' <<< "$page" || { echo "A container on shop could not fetch http://api/: ${page:-no answer}. Is api's web server running (the web image's own command)?"; exit 1; }
echo "A new container on shop reached http://api/ by name: shop's DNS knows api."
