# Reads the release off the kernel file with `file`, without booting it.
mkdir -p ~/answers
file -b /usr/share/boxlab-vm/vmlinuz | sed -n 's/.*version \([^ ]*\).*/\1/p' > ~/answers/vm-kernel.txt
