# The near miss: the PID of the boxlab-vm script (oldest match for "boxlab-vm"), not of the emulator it started.
mkdir -p ~/answers
pgrep -x qemu-system-x86 > /dev/null || { boxlab-vm --run 'sleep 170' > /dev/null 2>&1 & sleep 2; }
pgrep -o -f /usr/local/bin/boxlab-vm > ~/answers/qemu-pid.txt
