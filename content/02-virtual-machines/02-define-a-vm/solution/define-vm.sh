#!/bin/bash
mkdir -p ~/vm
# Stop a VM still answering on this socket (an earlier attempt), and remove a socket file a killed one left.
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
# The lesson's VM with 192 MiB and 2 CPUs, in the background: its console goes to a file, since no one types in it.
qemu-system-x86_64 -m 192 -smp 2 \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > ~/vm/console.txt 2>&1 &
# qemu opens its monitor socket before the guest's first instruction: wait for it.
for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] && exit 0; sleep 0.2; done
exit 1
