#!/bin/bash
# Passes when a VM runs now whose qemu answers on ~/vm/big.sock and has promised its guest more memory than the
# whole sandbox may use (its cgroup's memory limit, read here). The check asks qemu itself (QMP) for the guest's
# memory and whether the guest runs, and reads qemu's resident memory (RSS) to show what the host really gave.
sock="$HOME/vm/big.sock"

# qmp SOCKET COMMAND...: ask the qemu listening on QMP socket SOCKET, the way libvirt does, in one connection. Prints
# the PID of the process that answered (the kernel names who holds the socket's other end, SO_PEERCRED) on the
# first line, then the JSON each command returned, one line each; fewer lines when no qemu answers there.
qmp() {
  timeout 5 perl -MIO::Socket::UNIX -MSocket -e '
    my $path = shift;
    my $s = IO::Socket::UNIX->new(Peer => $path) or exit 3;
    my ($pid) = unpack("i", getsockopt($s, SOL_SOCKET, SO_PEERCRED));
    print "$pid\n";
    scalar <$s>;                                        # the greeting
    for my $cmd ("qmp_capabilities", @ARGV) {
      print $s qq({"execute":"$cmd"}\n);
      while (my $line = <$s>) { next if $line =~ /"event"/; print $line if $cmd ne "qmp_capabilities"; last }
    }' "$@" 2> /dev/null
}

# guest_qemu PID: succeeds when PID runs qemu (its program, not a name) booting the lesson's guest kernel.
guest_qemu() {
  [ "$(readlink "/proc/$1/exe" 2> /dev/null)" = /usr/bin/qemu-system-x86_64 ] &&
    tr '\0' '\n' 2> /dev/null < "/proc/$1/cmdline" | grep -qx /usr/share/boxlab-vm/vmlinuz
}

# The sandbox's memory limit in bytes (cgroup v1 or v2), or nothing when there is none to read.
sandbox_limit() {
  local f v
  f=$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max) || return 1
  v=$(cat "$f")
  [[ $v =~ ^[0-9]+$ ]] && ((v < 1 << 50)) && echo "$v"
}

if ! limit=$(sandbox_limit); then
  echo "This sandbox shows no memory limit to compare with (no cgroup memory file). Ask whoever runs Boxlab here."
  exit 1
fi
limit_mb=$((limit / 1024 / 1024))
if [ ! -S "$sock" ]; then
  echo "There is no monitor socket ~/vm/big.sock yet. Start the big VM with -qmp unix:\$HOME/vm/big.sock,server=on,wait=off among its options."
  exit 1
fi
answers=$(qmp "$sock" query-status query-memory-size-summary)
if [ "$(wc -l <<< "$answers")" -lt 3 ]; then
  echo "~/vm/big.sock is there, but nothing answers on it: the VM that made it has ended. Start it again."
  exit 1
fi
pid=$(sed -n 1p <<< "$answers")
if ! guest_qemu "$pid"; then
  echo "The process answering on ~/vm/big.sock (PID $pid) is not a qemu booting the lesson's kernel."
  exit 1
fi
mem=$(sed -n 3p <<< "$answers" | jq '.return["base-memory"]')
mem_mb=$((mem / 1024 / 1024))
if ((mem <= limit)); then
  echo "Your big VM (qemu PID $pid) has $mem_mb MiB, and your sandbox may use $limit_mb MiB. Promise the guest more than that: -m $((limit_mb * 2))."
  exit 1
fi
state=$(sed -n 2p <<< "$answers" | jq -r '.return.status')
if [ "$state" != running ]; then
  echo "Your big VM has $mem_mb MiB, but qemu says it is \"$state\", not running. Was it started with -S? Start it without."
  exit 1
fi
rss=$(ps -o rss= -p "$pid" | tr -d ' ')
echo "Right: qemu (PID $pid) promised its guest $mem_mb MiB in a sandbox that may use $limit_mb MiB, and it runs. qemu holds $((rss / 1024)) MiB right now: the host hands memory out only as the guest touches it."
