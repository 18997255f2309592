#!/bin/bash
mkdir -p ~/vm
# Stop the small VM first: both would share the sandbox's memory.
pkill -f "qmp unix:$HOME/vm/qmp.sock"
pkill -f "qmp unix:$HOME/vm/big.sock" && for _ in $(seq 50); do [ -S ~/vm/big.sock ] || break; sleep 0.2; done
rm -f ~/vm/big.sock
# Twice the sandbox's limit (1 GiB where the sandbox may use 512 MiB).
limit=$(cat "$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max)")
qemu-system-x86_64 -m $((2 * limit / 1024 / 1024)) \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 \
  -qmp unix:$HOME/vm/big.sock,server=on,wait=off < /dev/null > ~/vm/big-console.txt 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/big.sock ] && exit 0; sleep 0.2; done
exit 1
