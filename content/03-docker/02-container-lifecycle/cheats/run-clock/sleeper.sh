# A container by that name, running, that prints nothing.
docker rm -f clock > /dev/null 2>&1
docker run -d --name clock busybox sleep 1000
