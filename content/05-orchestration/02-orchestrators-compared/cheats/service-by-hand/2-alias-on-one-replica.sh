# The alias on one replica only.
docker rm -f api > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
c=$(docker ps -q --filter label=app=api | head -n 1)
docker network disconnect shop "$c" > /dev/null 2>&1
docker network connect --alias api shop "$c"
