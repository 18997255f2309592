# A process that only looks like the VM: a sleep named qemu with the right options, and a stale socket file.
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/qmp.sock" && for _ in $(seq 50); do [ -S ~/vm/qmp.sock ] || break; sleep 0.2; done
rm -f ~/vm/qmp.sock
bash -c 'exec -a qemu-system-x86_64 sleep 600 -m 192 -smp 2 -kernel /usr/share/boxlab-vm/vmlinuz' > /dev/null 2>&1 &
perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die' ~/vm/qmp.sock
