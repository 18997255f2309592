# Every replica on shop, but without the alias: each answers only to its own name.
docker rm -f api > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
for c in $(docker ps -q --filter label=app=api); do
  docker network disconnect shop "$c" > /dev/null 2>&1
  docker network connect shop "$c"
done
