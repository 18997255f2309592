#!/bin/bash
mkdir -p ~/vm
# The small VM again, with a balloon device (and no network card: -nic none, whose boot ROM only slows the boot).
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock ~/vm/console.txt
qemu-system-x86_64 -m 192 -smp 2 \
  -kernel /usr/share/boxlab-vm/vmlinuz -initrd /usr/share/boxlab-vm/initramfs.gz -append console=ttyS0 \
  -nographic -no-reboot -accel tcg,tb-size=64 -nic none -device virtio-balloon \
  -qmp unix:$HOME/vm/qmp.sock,server=on,wait=off < /dev/null > ~/vm/console.txt 2>&1 &
# Wait for the guest's greeting: its balloon driver is loaded by then, and the request is answered at once.
while ((SECONDS < 100)); do grep -qs 'Boxlab VM' ~/vm/console.txt && break; sleep 0.2; done
# A script cannot type at the (qemu) prompt, so it sends QMP's balloon command (bytes; the monitor's balloon 128
# takes MiB), then asks query-balloon until the guest's driver has inflated the balloon.
qmp() {
  timeout 5 perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Peer => shift) or exit 3;
    scalar <$s>;
    for my $req (q({"execute":"qmp_capabilities"}), @ARGV) {
      print $s "$req\n";
      while (my $line = <$s>) { next if $line =~ /"event"/; print $line if $req !~ /qmp_capabilities/; last }
    }' ~/vm/qmp.sock "$@" 2> /dev/null
}
qmp '{"execute":"balloon","arguments":{"value":134217728}}'
while ((SECONDS < 115)); do
  actual=$(qmp '{"execute":"query-balloon"}' | jq '.return.actual // 0')
  ((actual > 0 && actual <= 134217728)) && { echo "info balloon: actual=$((actual / 1024 / 1024)) MiB"; exit 0; }
  sleep 0.5
done
echo "The guest's balloon did not inflate within 115 s."
exit 1
