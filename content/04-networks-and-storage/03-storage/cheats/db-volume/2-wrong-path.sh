# The volume, but mounted where Redis does not write (its files go to /data).
docker rm -f db > /dev/null 2>&1
docker run -d --name db -v dbdata:/var/lib/redis redis:7
sleep 1
docker exec db redis-cli set greeting hello
