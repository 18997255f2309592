# (a container named api would answer to that name too: an earlier try may have left one)
docker rm -f api > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
for c in $(docker ps -q --filter label=app=api); do
  docker network disconnect shop "$c" > /dev/null 2>&1
  docker network connect --alias api shop "$c"
done
docker run --rm --network shop busybox nslookup api
