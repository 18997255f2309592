# A new container with the same name instead of the same container again.
docker rm -f clock > /dev/null
docker run -d --name clock busybox sh -c 'while true; do date; sleep 1; done'
sleep 2
