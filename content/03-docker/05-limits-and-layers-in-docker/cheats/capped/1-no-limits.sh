# A container with the right name, and no limit at all.
docker rm -f capped > /dev/null 2>&1
docker run -d --name capped busybox sleep 3600
