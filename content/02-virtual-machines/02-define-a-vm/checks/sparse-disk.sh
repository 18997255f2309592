#!/bin/bash
# Passes when ~/vm/disk.raw is a raw disk image of exactly 1 GiB that is sparse (the file holds far less than that),
# and the VM answering on ~/vm/qmp.sock has it attached: the check asks qemu (QMP query-block) which disks it gives
# its guest, and recomputes the file's size and real allocation itself.
sock="$HOME/vm/qmp.sock"
disk="$HOME/vm/disk.raw"
gib=$((1024 * 1024 * 1024))

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

if [ ! -f "$disk" ]; then
  echo "There is no disk image ~/vm/disk.raw yet. A raw image is a plain file of the disk's size: truncate -s 1G ~/vm/disk.raw"
  exit 1
fi
size=$(stat -c %s "$disk")
if [ "$size" != "$gib" ]; then
  if [ "$size" = 1000000000 ]; then
    echo "~/vm/disk.raw has 1000000000 bytes: that is 1 GB (10^9). The disk should be 1 GiB, 1024^3 bytes: truncate -s 1G."
  else
    echo "~/vm/disk.raw has $size bytes. The disk should be 1 GiB, $gib bytes."
  fi
  exit 1
fi
allocated=$(($(stat -c %b "$disk") * $(stat -c %B "$disk")))
if ((allocated > gib / 8)); then
  echo "~/vm/disk.raw takes $((allocated / 1024 / 1024)) MiB of real space: it is not sparse. Make it with truncate -s 1G, which writes no data."
  exit 1
fi
blocks=$(qmp "$sock" query-block)
if [ ! -S "$sock" ] || [ "$(wc -l <<< "$blocks")" -lt 2 ]; then
  echo "The disk image is right, but no VM answers on ~/vm/qmp.sock. Start your VM again with -drive file=\$HOME/vm/disk.raw,format=raw,if=virtio and its -qmp socket."
  exit 1
fi
pid=$(sed -n 1p <<< "$blocks")
if ! guest_qemu "$pid"; then
  echo "The process answering on ~/vm/qmp.sock (PID $pid) is not a qemu booting the lesson's kernel."
  exit 1
fi
# Image file names as qemu has them, relative ones resolved from qemu's working directory.
cwd=$(readlink "/proc/$pid/cwd")
want=$(realpath "$disk")
found=$(sed -n 2p <<< "$blocks" | jq -r '.return[] | .inserted.image // empty | [.filename, .format, (."virtual-size" | tostring)] | @tsv' |
  while IFS=$'\t' read -r name format vsize; do
    [[ $name == /* ]] || name="$cwd/$name"
    [ "$(realpath -m "$name")" = "$want" ] && echo "$format $vsize"
  done | head -1)
if [ -z "$found" ]; then
  echo "Your VM (qemu PID $pid) has no disk ~/vm/disk.raw. qemu cannot add one to a running VM this way: stop it, and start it again with -drive file=\$HOME/vm/disk.raw,format=raw,if=virtio."
  exit 1
fi
read -r format vsize <<< "$found"
open=0
for fd in /proc/$pid/fd/*; do [ "$(readlink "$fd")" = "$want" ] && open=1; done
if [ "$vsize" != "$gib" ] || [ $open = 0 ]; then
  echo "Your VM (qemu PID $pid) opened an earlier ~/vm/disk.raw, of $vsize bytes, before you made this one. Stop it and start it again, so it opens the new file."
  exit 1
fi
if [ "$format" != raw ]; then
  echo "Your VM uses ~/vm/disk.raw as a $format image. It is a raw image: say format=raw."
  exit 1
fi
echo "Right: qemu (PID $pid) gives its guest a disk of $((vsize / gib)) GiB, and the file behind it holds $((allocated / 1024)) KiB: the rest is a hole that reads as zeros until the guest writes there."
