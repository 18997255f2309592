# Killing the big VM by hand with SIGKILL: the socket stays behind, but no OOM kill is counted.
mkdir -p ~/vm
rm -f ~/vm/big.sock
qemu-system-x86_64 -S -m 1024 -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz \
  -append console=ttyS0 -nographic -accel tcg,tb-size=64 \
  -qmp unix:$HOME/vm/big.sock,server=on,wait=off < /dev/null > /dev/null 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/big.sock ] && break; sleep 0.2; done
kill -KILL $!
wait $! 2> /dev/null
exit 0
