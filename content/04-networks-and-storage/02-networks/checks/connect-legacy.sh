#!/bin/bash
# The same legacy as setup made (created before the network shop was: a new one would be younger), now on shop
# only, and api reaches it by name.
legacy_created=$(docker inspect -f '{{.Created}}' legacy 2> /dev/null) || { echo "There is no container named legacy any more. Reset the lesson to get it back."; exit 1; }
shop_created=$(docker network inspect -f '{{.Created.UnixNano}}' shop 2> /dev/null) || { echo "There is no network named shop: do the exercise above first."; exit 1; }
if [ "$(date -d "$legacy_created" +%s%N)" -gt "$shop_created" ]; then
  echo "This legacy was created after the network shop: it is a new container. Move the one you had instead (reset the lesson to get it back)."
  exit 1
fi
[ "$(docker inspect -f '{{.State.Running}}' legacy)" = true ] || { echo "legacy is not running: docker start legacy."; exit 1; }
nets=$(docker inspect -f '{{range $n, $_ := .NetworkSettings.Networks}}{{$n}} {{end}}' legacy | xargs)
grep -qw shop <<< "$nets" || { echo "legacy is not on shop yet (it is on: ${nets:-no network})."; exit 1; }
[ "$(wc -w <<< "$nets")" -eq 1 ] || { echo "legacy is on shop, and still on: $(tr " " "\n" <<< "$nets" | grep -vx shop | paste -sd " " -). Disconnect it from there."; exit 1; }
[ "$(docker inspect -f '{{.State.Running}}' api 2> /dev/null)" = true ] || { echo "api is not running: it should fetch legacy's page (see the exercise above)."; exit 1; }
page=$(timeout 8 docker exec api wget -qO- http://legacy/ 2>&1)
grep -q '<h1>' <<< "$page" || { echo "api could not fetch http://legacy/: ${page:-no answer}."; exit 1; }
echo "legacy moved to shop only, and api reaches it by name."
