# The right names and bindings, but containers that serve nothing.
docker rm -f public private > /dev/null 2>&1
docker run -d --name public -p 8080:80 busybox sleep 1000
docker run -d --name private -p 127.0.0.1:8081:80 busybox sleep 1000
