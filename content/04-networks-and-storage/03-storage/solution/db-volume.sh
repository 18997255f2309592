# (first remove a container an earlier try may have left)
docker rm -f db > /dev/null 2>&1
docker volume create dbdata
docker run -d --name db -v dbdata:/data redis:7
sleep 1
docker exec db redis-cli set greeting "hello from Redis 7"
docker exec db redis-cli get greeting
