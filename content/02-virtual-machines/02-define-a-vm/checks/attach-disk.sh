#!/bin/bash
# Passes when the VM answering on ~/vm/qmp.sock runs with 2 CPUs and 192 MiB, gives its guest ~/vm/disk.qcow2 as a
# qcow2 image on a virtio disk, and the guest's Linux has taken that disk. The check asks the running qemu (QMP):
# which images it opened for which device (query-block), and how far the guest's driver went with the device
# (x-query-virtio-status; QEMU 7.2 marks it experimental, and the image pins QEMU). The firmware (SeaBIOS) sets
# a virtio disk up too, to boot from it, but it agrees on two features only; Linux's virtio_blk agrees on more,
# among them cache flushes (VIRTIO_BLK_F_FLUSH): that is how the check tells the guest's driver from the firmware.
sock="$HOME/vm/qmp.sock"
disk="$HOME/vm/disk.qcow2"
gib=$((1024 * 1024 * 1024))

# qmp SOCKET COMMAND...: ask the qemu listening on QMP socket SOCKET, the way libvirt does, in one connection. A
# COMMAND is a name, or a whole JSON request when it has arguments. Prints the PID of the process that answered
# (the kernel names who holds the socket's other end, SO_PEERCRED) on the first line, then the JSON each command
# returned, one line each; fewer lines when no qemu answers there.
qmp() {
  timeout 5 perl -MIO::Socket::UNIX -MSocket -e '
    my $path = shift;
    my $s = IO::Socket::UNIX->new(Peer => $path) or exit 3;
    my ($pid) = unpack("i", getsockopt($s, SOL_SOCKET, SO_PEERCRED));
    print "$pid\n";
    scalar <$s>;                                        # the greeting
    for my $cmd ("qmp_capabilities", @ARGV) {
      print $s ($cmd =~ /^\{/ ? $cmd : qq({"execute":"$cmd"})), "\n";
      while (my $line = <$s>) { next if $line =~ /"event"/; print $line if $cmd ne "qmp_capabilities"; last }
    }' "$@" 2> /dev/null
}

# guest_qemu PID: succeeds when PID runs qemu (its program, not a name) booting the lesson's guest kernel.
guest_qemu() {
  [ "$(readlink "/proc/$1/exe" 2> /dev/null)" = /usr/bin/qemu-system-x86_64 ] &&
    tr '\0' '\n' 2> /dev/null < "/proc/$1/cmdline" | grep -qx /usr/share/boxlab-vm/vmlinuz
}

if [ ! -S "$sock" ]; then
  echo "There is no monitor socket ~/vm/qmp.sock. Start your VM with -drive file=\$HOME/vm/disk.qcow2,format=qcow2,if=virtio and -qmp unix:\$HOME/vm/qmp.sock,server=on,wait=off among its options."
  exit 1
fi
answers=$(qmp "$sock" query-status query-cpus-fast query-memory-size-summary query-block x-query-virtio)
if [ "$(wc -l <<< "$answers")" -lt 6 ]; then
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
if [ "$cpus" != 2 ] || [ "$mem" != $((192 * 1024 * 1024)) ]; then
  echo "Your VM (qemu PID $pid) has $cpus CPU(s) and $((mem / 1024 / 1024)) MiB. Keep the machine of before: -m 192 -smp 2, and add the disk."
  exit 1
fi
# The device each image of ~/vm/disk.qcow2 is inserted in, and its format; relative names resolved from qemu's
# working directory.
cwd=$(readlink "/proc/$pid/cwd")
want=$(realpath -m "$disk")
found=$(sed -n 5p <<< "$answers" | jq -r '.return[] | select(.inserted) | [.inserted.image.filename, .inserted.drv, (.qdev // "-")] | @tsv' |
  while IFS=$'\t' read -r name format qdev; do
    [[ $name == /* ]] || name="$cwd/$name"
    [ "$(realpath -m "$name")" = "$want" ] && echo "$format $qdev"
  done | head -1)
if [ -z "$found" ]; then
  echo "Your VM (qemu PID $pid) has no disk ~/vm/disk.qcow2. Stop it, and start it again with -drive file=\$HOME/vm/disk.qcow2,format=qcow2,if=virtio."
  exit 1
fi
read -r format qdev <<< "$found"
if [ "$format" != qcow2 ]; then
  echo "Your VM reads ~/vm/disk.qcow2 as a $format image: its guest would see the qcow2 file's own bytes, tables and all. Say format=qcow2."
  exit 1
fi
open=0
for fd in /proc/$pid/fd/*; do [ "$(readlink "$fd")" = "$want" ] && open=1; done
if [ $open = 0 ]; then
  echo "Your VM (qemu PID $pid) opened an earlier ~/vm/disk.qcow2, before you made this one. Stop it and start it again, so it opens the new file."
  exit 1
fi
kind=$(sed -n 6p <<< "$answers" | jq -r --arg q "$qdev" '.return[] | select(.path == $q) | .name')
if [ "$kind" != virtio-blk ]; then
  echo "qemu opened ~/vm/disk.qcow2, but gives it to the guest on no virtio disk (if=none, or another kind of controller, whose driver this guest lacks). Say if=virtio in the -drive option."
  exit 1
fi
if [ "$state" != running ]; then
  echo "Your VM is not running: qemu says \"$state\". Was it started with -S? Start it without, and let its guest boot."
  exit 1
fi
status=$(qmp "$sock" "{\"execute\":\"x-query-virtio-status\",\"arguments\":{\"path\":\"$qdev\"}}" | sed -n 2p)
ready=$(jq -r '[.return.status.statuses[]? | select(startswith("VIRTIO_CONFIG_S_DRIVER_OK"))] | length' <<< "$status")
linux=$(jq -r '[.return["guest-features"]["dev-features"][]? | select(startswith("VIRTIO_BLK_F_FLUSH"))] | length' <<< "$status")
if [ "$ready" != 1 ] || [ "$linux" != 1 ]; then
  echo "qemu gives the guest ~/vm/disk.qcow2 on a virtio disk, but the guest's Linux has not taken it yet. Is it still booting? Wait for its prompt, and check again."
  exit 1
fi
echo "Right: qemu (PID $pid) gives its guest 2 CPUs, 192 MiB and ~/vm/disk.qcow2 on a virtio disk, and the guest's virtio_blk driver has taken it: in the guest it is /dev/vda, of 1 GiB."
