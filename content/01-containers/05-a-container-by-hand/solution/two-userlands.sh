docker rm -f deb bb > /dev/null 2>&1
docker run -d --name deb debian sleep 3600 > /dev/null
docker run -d --name bb busybox sleep 3600 > /dev/null
docker exec deb cat /etc/os-release
docker exec bb busybox | head -n 1
docker exec deb uname -r
docker exec bb uname -r
uname -r
