# One shared namespace, but app is a sleeping busybox: nothing answers on localhost.
docker rm -f app sidecar > /dev/null 2>&1
docker run -d --name app busybox sleep 3600
docker run -d --name sidecar --network container:app busybox sleep 3600
