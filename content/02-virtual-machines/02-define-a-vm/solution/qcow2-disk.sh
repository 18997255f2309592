#!/bin/bash
mkdir -p ~/vm
# qemu-img makes disk images: -f names the format, then come the file and the disk's size (G is GiB).
rm -f ~/vm/disk.qcow2
qemu-img create -f qcow2 ~/vm/disk.qcow2 1G
qemu-img info ~/vm/disk.qcow2
