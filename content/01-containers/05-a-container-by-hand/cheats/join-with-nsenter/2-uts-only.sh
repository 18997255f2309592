# Half a join: nsenter into the container's UTS namespace only, so it sees the hostname but not the processes.
u=$(pgrep -n -f '^unshare --pid --fork --mount --uts chroot')
p=$(pgrep -P "$u")
sudo nsenter --target "$p" --uts sleep 3000 > /dev/null 2>&1 &
sleep 0.5
