# A VM given 128 MiB from the start, with a balloon it never inflates: "actual" says 128, but nothing was taken back.
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
qemu-system-x86_64 -S -m 128 -smp 2 -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz \
  -append console=ttyS0 -nographic -accel tcg,tb-size=64 -device virtio-balloon \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > /dev/null 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] && exit 0; sleep 0.2; done
exit 1
