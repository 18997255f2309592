# One after the other, not side by side: each container ran uname -r and ended.
docker rm -f deb bb by-hand > /dev/null 2>&1
docker run --name deb debian uname -r > /dev/null
docker run --name bb busybox uname -r > /dev/null
