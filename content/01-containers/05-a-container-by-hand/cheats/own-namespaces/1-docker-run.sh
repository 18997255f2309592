# The root filesystem is exported, but Docker runs the container: real namespaces and a hostname, with a BusyBox
# root of Docker's making, not ~/rootfs.
mkdir -p ~/rootfs
mountpoint -q ~/rootfs || sudo mount -t tmpfs -o size=64m rootfs ~/rootfs
c=$(docker create busybox)
docker export "$c" | sudo tar -x -C ~/rootfs
docker rm "$c" > /dev/null
docker rm -f by-hand > /dev/null 2>&1
docker run -d --name by-hand --hostname tiny busybox sleep 3600 > /dev/null
