# A raw disk with a qcow2 name: truncate makes a sparse 1 GiB file, and the name says qcow2.
mkdir -p ~/vm
rm -f ~/vm/disk.qcow2
truncate -s 1G ~/vm/disk.qcow2
