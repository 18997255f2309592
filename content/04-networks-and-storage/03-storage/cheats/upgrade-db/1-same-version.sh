# A new container, but from redis:7 again.
docker rm -f db > /dev/null 2>&1
docker run -d --name db -v dbdata:/data redis:7
sleep 1
