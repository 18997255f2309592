# (clock must run at the end: start it again if an earlier try removed it)
docker start clock > /dev/null 2>&1 || docker run -d --name clock busybox sh -c 'while true; do date; sleep 1; done'
docker ps -a
docker rm $(docker ps -aq --filter status=exited --filter status=created)
docker rmi leftover:1
docker ps -a
