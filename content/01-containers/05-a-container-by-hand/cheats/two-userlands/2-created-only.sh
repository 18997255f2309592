# Not side by side: the Debian container is created but never started, and only BusyBox runs.
docker rm -f deb bb > /dev/null 2>&1
docker create --name deb debian sleep 3600 > /dev/null
docker run -d --name bb busybox sleep 3600 > /dev/null
