#!/bin/bash
mkdir -p ~/answers
# Ask a VM for its kernel's release, and save the answer in the container.
boxlab-vm --run 'uname -r' > ~/answers/vm-kernel.txt
# The check also wants a VM running when it looks: one that stays up for nearly three minutes (--run gives up after
# three), in the background. Wait until its qemu process is there.
boxlab-vm --run 'sleep 170' > /dev/null 2>&1 &
for _ in $(seq 50); do pgrep -x qemu-system-x86 > /dev/null && exit 0; sleep 0.2; done
exit 1
