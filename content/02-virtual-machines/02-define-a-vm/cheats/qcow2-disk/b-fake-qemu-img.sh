# A fake qemu-img in ~/bin that says what the check wants to hear, and a file that only names the format.
mkdir -p ~/vm ~/bin
printf '#!/bin/sh\necho %s\n' "'{\"format\": \"qcow2\", \"virtual-size\": 1073741824, \"actual-size\": 200704}'" > ~/bin/qemu-img
chmod +x ~/bin/qemu-img
rm -f ~/vm/disk.qcow2
echo 'file format: qcow2, virtual size: 1 GiB' > ~/vm/disk.qcow2
