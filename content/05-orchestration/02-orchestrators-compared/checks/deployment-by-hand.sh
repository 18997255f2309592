#!/bin/bash
# A deployment by hand: exactly three running replicas labelled app=api, from the web image, each with a restart
# policy, and at least one restarted by the engine itself after its process died (RestartCount counts only those:
# docker restart, docker start or a new container leave it at 0).
mapfile -t running < <(docker ps -q --filter label=app=api)
if [ "${#running[@]}" -ne 3 ]; then
  echo "${#running[@]} containers labelled app=api are running; the deployment wants 3 replicas."
  exit 1
fi
restarted=
while read -r name image policy count; do
  if [ "$image" != web ] && [ "$image" != web:latest ]; then
    echo "$name runs the image $image: every replica should run web."
    exit 1
  fi
  if [ "$policy" = no ] || [ -z "$policy" ]; then
    echo "$name has no restart policy: the engine would leave it dead. Run it with --restart always."
    exit 1
  fi
  [ "$count" -gt 0 ] && restarted="$restarted ${name#/} ($count)"
done < <(docker inspect -f '{{.Name}} {{.Config.Image}} {{.HostConfig.RestartPolicy.Name}} {{.RestartCount}}' "${running[@]}")
if [ -z "$restarted" ]; then
  echo "Three replicas run with a restart policy, but the engine has restarted none of them yet. Make one crash: kill its main process from outside."
  exit 1
fi
echo "Three replicas run, and the engine brought back a crashed one by itself:$restarted."
