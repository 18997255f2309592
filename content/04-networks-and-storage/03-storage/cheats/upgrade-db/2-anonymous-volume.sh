# Redis 8, and the key set again, on a new anonymous volume instead of dbdata.
docker rm -f db > /dev/null 2>&1
docker run -d --name db -v /data redis:8
sleep 1
docker exec db redis-cli set greeting hello
