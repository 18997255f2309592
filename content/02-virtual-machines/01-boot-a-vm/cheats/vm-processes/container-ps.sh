# The container's process list instead of the VM's.
mkdir -p ~/answers
ps -ef > ~/answers/vm-ps.txt
