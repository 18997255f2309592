# The OOM killer ends a child process, and the container's shell goes on and exits 0.
docker rm -f hog > /dev/null 2>&1
docker run --name hog -m 24m --memory-swap 24m busybox sh -c 'dd if=/dev/zero of=/dev/null bs=100M count=1; echo survived'
