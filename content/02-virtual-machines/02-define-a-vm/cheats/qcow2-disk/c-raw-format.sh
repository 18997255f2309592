# The right tool, the wrong format: qemu-img create -f raw, into a file named .qcow2.
mkdir -p ~/vm
rm -f ~/vm/disk.qcow2
qemu-img create -f raw ~/vm/disk.qcow2 1G
