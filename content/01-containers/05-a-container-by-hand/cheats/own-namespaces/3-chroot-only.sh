# chroot without unshare: the right root filesystem, but the sandbox's own namespaces.
sudo chroot ~/rootfs /bin/sh -c 'exec sleep 3600' > /dev/null 2>&1 &
sleep 0.5
