#!/bin/bash
# Passes when ~/vm/disk.qcow2 is a qcow2 disk image of 1 GiB. The check asks qemu-img itself (the image's program,
# by its full path, so a script of the same name elsewhere does not answer) what the file is: qemu-img reads the
# format from the file's first bytes, never from its name, and the disk's size from the image's header.
img="$HOME/vm/disk.qcow2"
gib=$((1024 * 1024 * 1024))

if [ ! -e "$img" ]; then
  echo "There is no ~/vm/disk.qcow2 yet. qemu-img create makes one: -f names the format, then the file, then the size."
  exit 1
fi
# -U (force share): read the image even while a running qemu holds its lock.
if ! info=$(timeout 5 /usr/bin/qemu-img info -U --output=json "$img" 2>&1); then
  echo "qemu-img cannot read ~/vm/disk.qcow2 as a disk image: $info"
  exit 1
fi
format=$(jq -r '.format' <<< "$info")
vsize=$(jq -r '."virtual-size"' <<< "$info")
used=$(jq -r '."actual-size" // 0' <<< "$info")
if [ "$format" != qcow2 ]; then
  echo "qemu-img says ~/vm/disk.qcow2 is a $format image: its name says qcow2, its bytes do not. Make it with qemu-img create -f qcow2."
  exit 1
fi
if [ "$vsize" != "$gib" ]; then
  echo "~/vm/disk.qcow2 is a qcow2 image of $vsize bytes. The disk should be 1 GiB, $gib bytes (qemu-img's G means GiB)."
  exit 1
fi
echo "Right: qemu-img reads a qcow2 image whose disk holds 1 GiB, in a file of $((used / 1024)) KiB: qcow2 stores only the clusters the guest writes, and a table saying where they are."
