#!/bin/bash
# Passes when the VM answering on ~/vm/qmp.sock runs with a balloon device and its guest has given back at least
# 64 MiB of its memory: the check asks the running qemu (QMP query-balloon) for the guest's "actual" memory, the
# memory it was given less what its balloon holds. qemu can only ask; actual changes when the guest's driver
# inflates the balloon, so neither the request alone nor a small VM passes.
sock="$HOME/vm/qmp.sock"
mib=$((1024 * 1024))

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
  echo "There is no monitor socket ~/vm/qmp.sock. Start the small VM with -device virtio-balloon and -qmp unix:\$HOME/vm/qmp.sock,server=on,wait=off among its options."
  exit 1
fi
answers=$(qmp "$sock" query-status query-memory-size-summary query-balloon)
if [ "$(wc -l <<< "$answers")" -lt 4 ]; then
  echo "~/vm/qmp.sock is there, but nothing answers on it: the VM that made it has stopped. Start it again."
  exit 1
fi
pid=$(sed -n 1p <<< "$answers")
if ! guest_qemu "$pid"; then
  echo "The process answering on ~/vm/qmp.sock (PID $pid) is not a qemu booting the lesson's kernel, /usr/share/boxlab-vm/vmlinuz."
  exit 1
fi
state=$(sed -n 2p <<< "$answers" | jq -r '.return.status')
given=$(sed -n 3p <<< "$answers" | jq '.return["base-memory"]')
balloon=$(sed -n 4p <<< "$answers")
if jq -e '.error' <<< "$balloon" > /dev/null; then
  echo "Your VM (qemu PID $pid) has no balloon: qemu says \"$(jq -r '.error.desc' <<< "$balloon")\". Stop it, and start it again with -device virtio-balloon."
  exit 1
fi
actual=$(jq '.return.actual' <<< "$balloon")
if ((given - actual < 64 * mib)); then
  echo "Your VM (qemu PID $pid) was given $((given / mib)) MiB and its guest still has $((actual / mib)) MiB of it (info balloon: actual). Ask for 64 MiB back at the (qemu) prompt, balloon $((given / mib - 64)), once the guest shows its prompt (its driver loads at boot), and give the driver a moment."
  exit 1
fi
if [ "$state" != running ]; then
  echo "Your VM is not running: qemu says \"$state\". Start it without -S."
  exit 1
fi
echo "Right: qemu (PID $pid) gave its guest $((given / mib)) MiB, and the guest's balloon holds $(((given - actual) / mib)) MiB of it: the guest has $((actual / mib)) MiB left, and qemu may give the rest to the host."
