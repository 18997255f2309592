# The lesson's own OOM-killed container, renamed: killed for memory, but under 64 MiB, not 24.
docker rm -f hog greedy > /dev/null 2>&1
docker run --name greedy -m 64m --memory-swap 64m busybox dd if=/dev/zero of=/dev/null bs=100M count=1 || true
docker rename greedy hog
