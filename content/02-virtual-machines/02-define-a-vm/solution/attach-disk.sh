#!/bin/bash
mkdir -p ~/vm
# The disk of the last exercise, made again if it is not a qcow2 image.
qemu-img info -U ~/vm/disk.qcow2 2> /dev/null | grep -qx 'file format: qcow2' || { rm -f ~/vm/disk.qcow2; qemu-img create -f qcow2 ~/vm/disk.qcow2 1G; }
# Stop the VM on this socket: qemu cannot be given a -drive while it runs.
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock ~/vm/console.txt
# -nic none: no network card, whose boot ROM would only slow the boot down.
qemu-system-x86_64 -m 192 -smp 2 \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 -nic none \
  -drive file=$HOME/vm/disk.qcow2,format=qcow2,if=virtio \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > ~/vm/console.txt 2>&1 &
# The guest greets on its console once its drivers are loaded; under emulation that takes seconds to a minute or more.
while ((SECONDS < 110)); do grep -qs 'Boxlab VM' ~/vm/console.txt && exit 0; sleep 0.2; done
echo "The guest did not reach its prompt within 110 s."
exit 1
