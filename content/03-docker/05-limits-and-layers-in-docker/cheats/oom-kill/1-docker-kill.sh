# The right limits, and exit code 137, from docker kill (SIGKILL) instead of the OOM killer.
docker rm -f hog > /dev/null 2>&1
docker run -d --name hog -m 24m --memory-swap 24m busybox sleep 3600
docker kill hog
