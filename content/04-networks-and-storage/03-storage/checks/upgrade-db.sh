#!/bin/bash
# db now runs Redis 8 on the same volume, and the data Redis 7 wrote is there: greeting, and the base file of the
# append-only log, which Redis 7 wrote in its own format (RDB version 10; Redis 8 writes version 12).
state=$(docker inspect -f '{{.State.Status}}' db 2> /dev/null) || { echo "There is no container named db."; exit 1; }
[ "$state" = running ] || { echo "db exists but is $state, not running."; exit 1; }
version=$(docker exec db redis-server --version 2> /dev/null | grep -o 'v=[0-9.]*')
case $version in v=8.*) ;; *) echo "db runs Redis ${version#v=}, not 8: replace it with a container from redis:8."; exit 1 ;; esac
mount=$(docker inspect -f '{{json .Mounts}}' db | jq -c '.[] | select(.Destination == "/data")')
[ "$(jq -r '.Type // empty' <<< "$mount")" = volume ] && [ "$(jq -r .Name <<< "$mount")" = dbdata ] \
  || { echo "db runs Redis 8, but without the volume dbdata at /data: its data is elsewhere."; exit 1; }
value=$(docker exec db redis-cli get greeting 2> /dev/null)
[ -n "$value" ] || { echo "db runs Redis 8 on dbdata, but has no key greeting."; exit 1; }
header=$(timeout 8 docker run --rm -v dbdata:/data:ro busybox sh -c 'head -c 9 /data/appendonlydir/*.base.rdb' 2> /dev/null)
[ "$header" = REDIS0010 ] || { echo "greeting is there, but the volume's data was not written by Redis 7: keep the volume from the exercise before."; exit 1; }
echo "Redis 8 serves greeting (\"$value\"), written by Redis 7 into dbdata: the data outlived its container."
