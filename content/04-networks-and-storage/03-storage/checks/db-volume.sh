#!/bin/bash
# db: Redis 7 with the named volume dbdata at /data, a key greeting in it, and that key written into the volume
# (read through a fresh container, not through db).
state=$(docker inspect -f '{{.State.Status}}' db 2> /dev/null) || { echo "There is no container named db yet."; exit 1; }
[ "$state" = running ] || { echo "db exists but is $state, not running."; exit 1; }
version=$(docker exec db redis-server --version 2> /dev/null | grep -o 'v=[0-9.]*')
case $version in v=7.*) ;; *) echo "db runs Redis ${version#v=}, not 7: use the image redis:7."; exit 1 ;; esac
mount=$(docker inspect -f '{{json .Mounts}}' db | jq -c '.[] | select(.Destination == "/data")')
[ "$(jq -r '.Type // empty' <<< "$mount")" = volume ] && [ "$(jq -r .Name <<< "$mount")" = dbdata ] \
  || { echo "db has no named volume dbdata at /data, where Redis keeps its files."; exit 1; }
value=$(docker exec db redis-cli get greeting 2> /dev/null)
[ -n "$value" ] || { echo "db has no key greeting yet: docker exec db redis-cli set greeting …"; exit 1; }
timeout 8 docker run --rm -v dbdata:/data:ro busybox sh -c 'cat /data/appendonlydir/*.aof' 2> /dev/null | grep -q greeting \
  || { echo "greeting is in db, but not in the volume dbdata yet."; exit 1; }
echo "db keeps greeting (\"$value\") in the volume dbdata."
