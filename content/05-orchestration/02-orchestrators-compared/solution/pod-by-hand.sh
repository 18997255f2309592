docker rm -f app sidecar > /dev/null 2>&1
docker run -d --name app web
docker run -d --name sidecar --network container:app busybox sleep 3600
docker exec sidecar wget -qO- http://localhost:80/
docker exec app readlink /proc/1/ns/net
docker exec sidecar readlink /proc/1/ns/net
