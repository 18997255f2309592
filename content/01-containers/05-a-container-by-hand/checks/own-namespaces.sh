# Live state: a process running now whose root is ~/rootfs (the same directory, whether chroot or pivot_root put
# it there), in PID, mount and UTS namespaces other than the sandbox's, with a /proc of its own PID namespace
# mounted and a hostname of its own. Other processes' namespaces and roots belong to root: the check reads them
# with sudo, which the docker profile gives the learner (sudo's warnings go to /dev/null).
rootfs=$HOME/rootfs
if [ ! -x "$rootfs/bin/busybox" ]; then
  echo "There is no BusyBox root filesystem in ~/rootfs yet: mount a tmpfs there and unpack docker export's tar into it."
  exit 1
fi
sudo bash -s -- "$rootfs" 2> /dev/null <<'ROOT'
rootfs=$1
want=$(stat -L -c %d:%i "$rootfs")
my_pid=$(readlink /proc/$$/ns/pid) my_uts=$(readlink /proc/$$/ns/uts) my_mnt=$(readlink /proc/$$/ns/mnt) my_host=$(hostname)
reason="No process runs with ~/rootfs as its root. Start a shell there with chroot, under unshare, and leave it running."
for d in /proc/[0-9]*; do
  [ "$(stat -L -c %d:%i "$d/root" 2> /dev/null)" = "$want" ] || continue
  p=${d#/proc/}
  what="PID $p ($(cat "$d/comm" 2> /dev/null))"
  if [ "$(readlink "$d/ns/pid")" = "$my_pid" ]; then
    reason="$what has ~/rootfs as its root but shares the sandbox's PID namespace: chroot alone changes only which files a process sees. Start it under unshare --pid --fork."
    continue
  fi
  if [ "$(readlink "$d/ns/mnt")" = "$my_mnt" ]; then
    reason="$what has a PID namespace of its own but shares the sandbox's mount namespace: add --mount, so that the /proc it mounts stays its own."
    continue
  fi
  if [ "$(readlink "$d/ns/uts")" = "$my_uts" ]; then
    reason="$what has its own PID and mount namespaces but shares the sandbox's UTS namespace, so it cannot have a hostname of its own: add --uts."
    continue
  fi
  host=$(nsenter -t "$p" --uts hostname)
  if [ "$host" = "$my_host" ]; then
    reason="$what runs in namespaces of its own, but its hostname is still the sandbox's ($my_host): set one of its own with hostname inside."
    continue
  fi
  if [ ! -d "$d/root/proc/1" ]; then
    reason="$what runs in namespaces of its own, but no /proc is mounted in it: mount -t proc proc /proc inside, and ps works."
    continue
  fi
  inner=$(awk '/^NSpid:/ { print $NF }' "$d/status")
  echo "$what is a container you made: its root is ~/rootfs, it is PID $inner in a PID namespace of its own, and it has its own mount namespace and its own hostname, $host (the sandbox's is $my_host)."
  exit 0
done
echo "$reason"
exit 1
ROOT
