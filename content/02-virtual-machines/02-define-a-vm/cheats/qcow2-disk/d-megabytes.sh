# The near miss: a qcow2 image of 1000 MiB ("about a gigabyte") instead of 1 GiB.
mkdir -p ~/vm
rm -f ~/vm/disk.qcow2
qemu-img create -f qcow2 ~/vm/disk.qcow2 1000M
