# The right machine and disk, never started (-S): no guest ever looks at the disk.
mkdir -p ~/vm
[ -e ~/vm/disk.qcow2 ] || qemu-img create -q -f qcow2 ~/vm/disk.qcow2 1G
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
qemu-system-x86_64 -S -m 192 -smp 2 -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz \
  -append console=ttyS0 -nographic -accel tcg,tb-size=64 -drive file=$HOME/vm/disk.qcow2,format=qcow2,if=virtio \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > /dev/null 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] && exit 0; sleep 0.2; done
exit 1
