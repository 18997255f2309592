# Not a join: a second container made the same way, whose sleep was started inside it by its own shell.
sudo unshare --pid --fork --mount --uts chroot ~/rootfs /bin/sh -c 'mount -t proc proc /proc; hostname other; sleep 3000 & exec sleep 3600' > /dev/null 2>&1 &
sleep 0.5
