#!/bin/bash
# Passes when a VM runs now whose qemu answers on ~/vm/qmp.sock and gives its guest 2 CPUs and 192 MiB of memory.
# The check asks the running qemu itself through its monitor (QMP), so neither a command line written somewhere
# nor a process that only looks like qemu can pass, and -m 192M or -smp cpus=2 count as well as -m 192 -smp 2.
sock="$HOME/vm/qmp.sock"

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

if [ ! -S "$sock" ]; then
  echo "There is no monitor socket ~/vm/qmp.sock yet. Start your VM with -qmp unix:\$HOME/vm/qmp.sock,server=on,wait=off among its options."
  exit 1
fi
answers=$(qmp "$sock" query-status query-cpus-fast query-memory-size-summary)
if [ "$(wc -l <<< "$answers")" -lt 4 ]; then
  echo "~/vm/qmp.sock is there, but nothing answers on it: the VM that made it has stopped. Start it again."
  exit 1
fi
pid=$(sed -n 1p <<< "$answers")
state=$(sed -n 2p <<< "$answers" | jq -r '.return.status')
cpus=$(sed -n 3p <<< "$answers" | jq '.return | length')
mem=$(sed -n 4p <<< "$answers" | jq '.return["base-memory"]')
if ! guest_qemu "$pid"; then
  echo "The process answering on ~/vm/qmp.sock (PID $pid) is not a qemu booting the lesson's kernel, /usr/share/boxlab-vm/vmlinuz."
  exit 1
fi
if [ "$cpus" != 2 ]; then
  echo "Your VM (qemu PID $pid) has $cpus CPU(s). Give it 2: the option is -smp."
  exit 1
fi
if [ "$mem" != $((192 * 1024 * 1024)) ]; then
  echo "Your VM (qemu PID $pid) has $((mem / 1024 / 1024)) MiB of memory. Give it 192 MiB: the option is -m."
  exit 1
fi
if [ "$state" != running ]; then
  echo "Your VM has 2 CPUs and 192 MiB, but it is not running: qemu says \"$state\". Was it started with -S? Type cont in its monitor, or start it without -S."
  exit 1
fi
echo "Right: qemu (PID $pid) gives its guest 2 CPUs and 192 MiB. Inside, nproc says 2, and MemTotal says less than 192 MiB: the guest's kernel sets some aside for itself first."
