#!/bin/bash
mkdir -p ~/vm
# A raw disk image is a plain file as big as the disk. truncate sets its size without writing anything: sparse.
rm -f ~/vm/disk.raw
truncate -s 1G ~/vm/disk.raw
# Attach it: stop the VM and start it again with a -drive.
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
qemu-system-x86_64 -m 192 -smp 2 \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 \
  -drive file=$HOME/vm/disk.raw,format=raw,if=virtio \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > ~/vm/console.txt 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] && exit 0; sleep 0.2; done
exit 1
