# The near miss: the right three namespaces, but without --root the process keeps the sandbox's files as its root.
u=$(pgrep -n -f '^unshare --pid --fork --mount --uts chroot')
p=$(pgrep -P "$u")
sudo nsenter --target "$p" --pid --uts --mount sleep 3000 > /dev/null 2>&1 &
sleep 0.5
