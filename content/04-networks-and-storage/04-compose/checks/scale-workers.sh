#!/bin/bash
# Three running containers of the service worker in the project shop (docker compose ps), on the same network as
# db, and the counter visits in db rising while the check watches.
ps=$(docker compose -p shop ps --format json 2> /dev/null | jq -sc 'flatten')
workers=$(jq -r '[.[] | select(.Service == "worker" and .State == "running") | .Name] | join(" ")' <<< "${ps:-[]}")
n=$(wc -w <<< "$workers")
[ "$n" -gt 0 ] || { echo "The project shop has no running worker yet: add the service to compose.yaml, then docker compose up -d."; exit 1; }
[ "$n" -eq 3 ] || { echo "shop runs $n worker container(s): scale the service to 3 (docker compose up -d --scale worker=3)."; exit 1; }
db=$(jq -r '[.[] | select(.Service == "db" and .State == "running") | .Name] | first // empty' <<< "$ps")
[ -n "$db" ] || { echo "db is not running in shop: docker compose up -d."; exit 1; }
first=$(docker exec "$db" redis-cli get visits 2> /dev/null)
sleep 1.5
second=$(docker exec "$db" redis-cli get visits 2> /dev/null)
[[ $first =~ ^[0-9]+$ && $second =~ ^[0-9]+$ ]] && [ "$second" -gt "$first" ] \
  || { echo "Three workers run, but visits in db does not rise (${first:-none}, then ${second:-none}): each worker should run redis-cli -h db incr visits every second."; exit 1; }
echo "Three workers ($workers) count into db: visits went from $first to $second in 1.5 s."
