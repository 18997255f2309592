# A running VM with the disk whose Linux never gets to load a driver (no -initrd: the kernel finds no root and
# stops). Only the firmware has set the disk up; the cheat waits until it hands over to the kernel, up to 30 s.
mkdir -p ~/vm
[ -e ~/vm/disk.qcow2 ] || qemu-img create -q -f qcow2 ~/vm/disk.qcow2 1G
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
qemu-system-x86_64 -m 192 -smp 2 -kernel /usr/share/boxlab-vm/vmlinuz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 -nic none -drive file=$HOME/vm/disk.qcow2,format=qcow2,if=virtio \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > ~/vm/console.txt 2>&1 &
for _ in $(seq 150); do grep -q 'Booting from ROM\|Linux version\|Kernel panic' ~/vm/console.txt && exit 0; sleep 0.2; done
exit 0
