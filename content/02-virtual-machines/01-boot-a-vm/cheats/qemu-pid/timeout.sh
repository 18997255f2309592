# The near miss: the oldest process whose command line mentions qemu-system, which is the timeout that runs it.
mkdir -p ~/answers
pgrep -x qemu-system-x86 > /dev/null || { boxlab-vm --run 'sleep 170' > /dev/null 2>&1 & sleep 2; }
pgrep -o -f 'timeout .*qemu-system' > ~/answers/qemu-pid.txt
