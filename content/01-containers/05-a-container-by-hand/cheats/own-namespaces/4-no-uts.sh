# The near miss: PID and mount namespaces and a /proc of its own, but no --uts, so it has no hostname of its
# own (setting one would rename the sandbox itself).
sudo unshare --pid --fork --mount chroot ~/rootfs /bin/sh -c 'mount -t proc proc /proc; exec sleep 3600' > /dev/null 2>&1 &
sleep 0.5
