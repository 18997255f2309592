#!/bin/bash
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/big.sock" && for _ in $(seq 50); do [ -S ~/vm/big.sock ] || break; sleep 0.2; done
rm -f ~/vm/big.sock
# A script cannot type at the console, so it boots the big VM with the command on the kernel's command line:
# the lesson's guest runs what boxlab.run= carries (in base64), as boxlab-vm --run does. The guest's /tmp may
# take half of its memory, and dd fills it.
limit=$(cat "$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max)")
fill=$(printf '%s' 'dd if=/dev/zero of=/tmp/fill bs=1M' | base64 -w0)
qemu-system-x86_64 -m $((2 * limit / 1024 / 1024)) \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz \
  -append "console=ttyS0 quiet boxlab.run=$fill" \
  -nographic -no-reboot -accel tcg,tb-size=64 \
  -qmp unix:$HOME/vm/big.sock,server=on,wait=off < /dev/null > ~/vm/big-console.txt 2>&1 &
qemu=$!
# Booting and filling take from seconds to a minute or two under emulation; wait until qemu is gone.
for _ in $(seq 550); do kill -0 $qemu 2> /dev/null || break; sleep 0.2; done
kill -0 $qemu 2> /dev/null && { echo "The big VM still runs after 110 s."; exit 1; }
wait $qemu
echo "qemu ended with status $? (137: killed by SIGKILL)"
exit 0
