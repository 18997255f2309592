# The right limits, and a command that only says 137.
docker rm -f hog > /dev/null 2>&1
docker run --name hog -m 24m --memory-swap 24m busybox sh -c 'exit 137' || true
