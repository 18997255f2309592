# The request without a guest to grant it: balloon 128 sent to a VM that never started (-S). qemu accepts the
# request; only a running guest's driver can inflate the balloon.
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
qemu-system-x86_64 -S -m 192 -smp 2 -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz \
  -append console=ttyS0 -nographic -accel tcg,tb-size=64 -device virtio-balloon \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > /dev/null 2>&1 &
for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] && break; sleep 0.2; done
timeout 5 perl -MIO::Socket::UNIX -e '
  my $s = IO::Socket::UNIX->new(Peer => shift) or exit 3;
  scalar <$s>;
  for my $req (q({"execute":"qmp_capabilities"}), q({"execute":"balloon","arguments":{"value":134217728}})) { print $s "$req\n"; scalar <$s> }
' ~/vm/qmp.sock
