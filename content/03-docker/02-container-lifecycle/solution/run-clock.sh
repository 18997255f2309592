# (first remove a container named clock that an earlier try may have left)
docker rm -f clock > /dev/null 2>&1
docker run -d --name clock busybox sh -c 'while true; do date; sleep 1; done'
sleep 3
docker logs clock
