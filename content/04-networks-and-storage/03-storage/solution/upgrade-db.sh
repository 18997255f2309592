docker rm -f db
docker run -d --name db -v dbdata:/data redis:8
sleep 1
docker exec db redis-server --version
docker exec db redis-cli get greeting
