# (first remove what an earlier try may have left)
docker rm -f api > /dev/null 2>&1
docker network inspect shop > /dev/null 2>&1 || docker network create shop
docker run -d --name api --network shop web
docker run --rm --network shop busybox wget -qO- http://api/
