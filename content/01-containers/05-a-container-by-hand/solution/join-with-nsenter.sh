# The container's shell is unshare's child; find its PID as seen from the sandbox.
u=$(pgrep -n -f '^unshare --pid --fork --mount --uts chroot')
p=$(pgrep -P "$u")
# Join its PID, UTS and mount namespaces, and its root and working directory. In the terminal you would run sh
# and look around; a script leaves a sleep in there instead.
sudo nsenter --target "$p" --pid --uts --mount --root --wd sleep 3000 > /dev/null 2>&1 &
for _ in $(seq 50); do pgrep -f '^sleep 3000$' > /dev/null && break; sleep 0.1; done
