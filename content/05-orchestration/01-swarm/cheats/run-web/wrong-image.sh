# A service called web, of another image.
docker service create -q --detach --name web --replicas 3 --no-resolve-image busybox sleep 3600 >/dev/null
