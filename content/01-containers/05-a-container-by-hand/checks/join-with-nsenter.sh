# Live state: a process that joined, from outside, the namespaces of a container made by hand (a process whose root
# is ~/rootfs, in PID, mount and UTS namespaces other than the sandbox's): it shares those three namespaces and the
# root, and nsenter, not the container's own unshare, is among its ancestors. Read with sudo (the docker profile's).
rootfs=$HOME/rootfs
if [ ! -x "$rootfs/bin/busybox" ]; then
  echo "There is no BusyBox root filesystem in ~/rootfs: do the exercise above first."
  exit 1
fi
sudo bash -s -- "$rootfs" 2> /dev/null <<'ROOT'
rootfs=$1
want=$(stat -L -c %d:%i "$rootfs")
my_pid=$(readlink /proc/$$/ns/pid) my_uts=$(readlink /proc/$$/ns/uts) my_mnt=$(readlink /proc/$$/ns/mnt)
# ancestors PID: the names of its ancestors, in the sandbox's PID namespace, one per line.
ancestors() {
  local p=$1 n=0
  while [ "$p" -gt 1 ] && [ $n -lt 64 ]; do
    p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2> /dev/null) || return
    [ -n "$p" ] && [ "$p" -gt 0 ] || return
    cat "/proc/$p/comm" 2> /dev/null
    n=$((n + 1))
  done
}
# The containers made by hand: their namespaces, "pid uts mnt".
containers=""
for d in /proc/[0-9]*; do
  [ "$(stat -L -c %d:%i "$d/root" 2> /dev/null)" = "$want" ] || continue
  pid_ns=$(readlink "$d/ns/pid") uts=$(readlink "$d/ns/uts") mnt=$(readlink "$d/ns/mnt")
  [ "$pid_ns" != "$my_pid" ] && [ "$uts" != "$my_uts" ] && [ "$mnt" != "$my_mnt" ] || continue
  ns="$pid_ns $uts $mnt"
  ancestors "${d#/proc/}" | grep -qx unshare && containers="$containers$ns"$'\n'
done
if [ -z "$containers" ]; then
  echo "No container made by hand runs now (a process with ~/rootfs as its root, in PID, mount and UTS namespaces of its own, under unshare). Start it again first."
  exit 1
fi
nothing="Nothing has joined your container from outside yet: in the second terminal, run nsenter with the PID of its shell."
reason=$nothing
for d in /proc/[0-9]*; do
  p=${d#/proc/}
  pid_ns=$(readlink "$d/ns/pid" 2> /dev/null) || continue
  grep -qF "$pid_ns " <<< "$containers" || continue
  from=$(ancestors "$p")
  grep -qx unshare <<< "$from" && continue # the container's own processes
  what="PID $p ($(cat "$d/comm" 2> /dev/null))"
  ns="$pid_ns $(readlink "$d/ns/uts") $(readlink "$d/ns/mnt")"
  if ! grep -qxF "$ns" <<< "$containers"; then
    reason="$what is in your container's PID namespace but not in all of its UTS and mount namespaces: join all three (--pid --uts --mount)."
    continue
  fi
  if [ "$(stat -L -c %d:%i "$d/root" 2> /dev/null)" != "$want" ]; then
    reason="$what joined your container's namespaces, but its root is still the sandbox's: add --root (and --wd), so that it sees the container's files."
    continue
  fi
  grep -qx nsenter <<< "$from" || continue
  host=$(nsenter -t "$p" --uts hostname)
  inner=$(awk '/^NSpid:/ { print $NF }' "$d/status")
  echo "$what joined your container from outside with nsenter: it is PID $inner in there, on hostname $host, with ~/rootfs as its root. That is what docker exec does."
  exit 0
done
# A near miss outside the container's PID namespace: only its UTS namespace joined.
for d in /proc/[0-9]*; do
  [ "$reason" = "$nothing" ] || break
  [ "$(readlink "$d/ns/pid" 2> /dev/null)" = "$my_pid" ] || continue
  # unshare itself is in the container's new UTS namespace, but stays in the sandbox's PID namespace.
  [ "$(cat "$d/comm" 2> /dev/null)" = unshare ] && continue
  uts=$(readlink "$d/ns/uts" 2> /dev/null)
  if grep -qF " $uts " <<< "$containers"; then
    reason="PID ${d#/proc/} ($(cat "$d/comm" 2> /dev/null)) joined your container's UTS namespace only: it sees its hostname but not its processes. Join its PID and mount namespaces too."
  fi
done
echo "$reason"
exit 1
ROOT
