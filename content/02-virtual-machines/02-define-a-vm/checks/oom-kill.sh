#!/bin/bash
# Passes when the big VM's qemu was ended by the kernel's OOM killer: the sandbox's memory cgroup has counted an OOM
# kill (oom_kill, read here), and ~/vm/big.sock is left behind with nothing listening on it. qemu removes its
# socket when it ends normally (poweroff in the guest, Ctrl-A X, quit, kill); only SIGKILL, which the OOM killer
# sends, leaves it.
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

# The sandbox's count of OOM kills: cgroup v1 keeps it in memory.oom_control, v2 in memory.events.
f=$(boxlab-cgroup-file memory memory.oom_control memory.events) || { echo "This sandbox shows no memory cgroup files, so no OOM kill can be counted here."; exit 1; }
kills=$(awk '$1 == "oom_kill" { print $2 }' "$f")
kills=${kills:-0}

if [ ! -e "$sock" ]; then
  echo "There is no ~/vm/big.sock: qemu removes its socket when it ends normally (poweroff, Ctrl-A X, kill). Start the big VM again, and fill its memory from its console."
  exit 1
fi
answers=$(qmp "$sock" query-status)
if [ "$(wc -l <<< "$answers")" -ge 2 ]; then
  pid=$(sed -n 1p <<< "$answers")
  echo "Your big VM still runs (PID $pid, holding $(($(ps -o rss= -p "$pid") / 1024)) MiB). At its prompt, fill its memory: dd if=/dev/zero of=/tmp/fill bs=1M"
  exit 1
fi
if ((kills == 0)); then
  echo "The big VM's qemu ended without removing ~/vm/big.sock, so something sent it SIGKILL, but the OOM killer has killed nothing in your sandbox yet (oom_kill 0). Start the big VM again, and let its guest fill its memory."
  exit 1
fi
echo "Right: the kernel's OOM killer has ended $kills process(es) in your sandbox, and your big VM's qemu went without removing its socket. The guest only used memory it had been promised; the host could not give it."
