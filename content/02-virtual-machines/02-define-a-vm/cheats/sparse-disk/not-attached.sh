# The image alone: the right file, but the running VM never got it.
mkdir -p ~/vm
rm -f ~/vm/disk.raw
truncate -s 1G ~/vm/disk.raw
