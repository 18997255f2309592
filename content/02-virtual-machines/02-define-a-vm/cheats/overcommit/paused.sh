# The promise without the guest: 1 GiB more than the limit, frozen before its first instruction (-S).
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/big.sock" && for _ in $(seq 50); do [ -S ~/vm/big.sock ] || break; sleep 0.2; done
rm -f ~/vm/big.sock
limit=$(cat "$(boxlab-cgroup-file memory memory.limit_in_bytes memory.max)")
qemu-system-x86_64 -S -m $((limit / 1024 / 1024 + 1024)) -kernel /usr/share/boxlab-vm/vmlinuz \
  -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 -nographic -accel tcg,tb-size=64 \
  -qmp unix:$HOME/vm/big.sock,server=on,wait=off < /dev/null > /dev/null 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/big.sock ] && exit 0; sleep 0.2; done
exit 1
