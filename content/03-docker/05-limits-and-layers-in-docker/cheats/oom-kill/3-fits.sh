# The right limits and a block that fits in them: dd ends normally.
docker rm -f hog > /dev/null 2>&1
docker run --name hog -m 24m --memory-swap 24m busybox dd if=/dev/zero of=/dev/null bs=8M count=1
