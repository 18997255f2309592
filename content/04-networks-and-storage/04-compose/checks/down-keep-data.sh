#!/bin/bash
# After docker compose down: no containers and no networks of the project left, and its volume still there,
# holding the counter the workers wrote (read through a fresh container).
left=$(docker ps -a --filter label=com.docker.compose.project=shop --format '{{.Names}}' | paste -sd ' ' -)
[ -z "$left" ] || { echo "shop's containers are still there: $left. docker compose down removes them (stop only stops them)."; exit 1; }
nets=$(docker network ls --filter label=com.docker.compose.project=shop --format '{{.Name}}' | paste -sd ' ' -)
[ -z "$nets" ] || { echo "shop's networks are still there: $nets."; exit 1; }
docker volume inspect shop_data > /dev/null 2>&1 || { echo "The volume shop_data is gone, and db's data with it: down -v removes volumes. Bring shop up again, let the workers count, then take it down without -v."; exit 1; }
timeout 8 docker run --rm -v shop_data:/data:ro busybox sh -c 'cat /data/appendonlydir/*.aof' 2> /dev/null | grep -q visits \
  || { echo "shop_data is there but holds no visits: bring shop up with its workers for a while, then docker compose down."; exit 1; }
echo "shop is down: no containers, no networks; the volume shop_data keeps the visits for the next up."
