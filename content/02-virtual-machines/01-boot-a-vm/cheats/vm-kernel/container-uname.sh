# The near miss: the container's own uname -r, not the VM's.
mkdir -p ~/answers
uname -r > ~/answers/vm-kernel.txt
