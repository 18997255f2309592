#!/bin/bash
# A service by hand: on the user-defined network shop, the name api answers with the addresses of the three running
# app=api replicas, and of nothing else. Asked of the network's own DNS server, from a container on shop.
if ! docker network inspect shop > /dev/null 2>&1; then
  echo "There is no network named shop yet."
  exit 1
fi
mapfile -t running < <(docker ps -q --filter label=app=api)
if [ "${#running[@]}" -ne 3 ]; then
  echo "${#running[@]} replicas labelled app=api are running: the exercise above should leave three."
  exit 1
fi
expected=$(docker inspect -f '{{with index .NetworkSettings.Networks "shop"}}{{.IPAddress}}{{end}}' "${running[@]}" | sed '/^$/d' | sort)
if [ "$(wc -l <<< "$expected")" -ne 3 ] || [ -z "$expected" ]; then
  echo "Only $(grep -c . <<< "$expected") of the three replicas are on shop: connect every one (docker network connect)."
  exit 1
fi
answer=$(docker run --rm --network shop busybox nslookup api 2>/dev/null | awk '/^Name:/ { n = 1 } n && /^Address/ { print $2 }' | sort -u)
if [ -z "$answer" ]; then
  echo "On shop, the name api answers nothing: give the replicas the alias api on that network."
  exit 1
fi
if [ "$answer" != "$expected" ]; then
  echo "On shop, api answers $(paste -sd' ' <<< "$answer"), but the replicas there are $(paste -sd' ' <<< "$expected"): the name should lead to the three replicas, and only to them."
  exit 1
fi
echo "On shop, the name api answers with the three replicas' addresses: $(paste -sd' ' <<< "$answer")."
