# Redis 7 and the key, but the data in the container's own writable layer.
docker rm -f db > /dev/null 2>&1
docker run -d --name db redis:7
sleep 1
docker exec db redis-cli set greeting hello
