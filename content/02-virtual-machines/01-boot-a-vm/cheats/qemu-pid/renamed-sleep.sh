# A process that only calls itself qemu: a sleep started under qemu's name.
mkdir -p ~/answers
bash -c 'exec -a qemu-system-x86_64 sleep 600' > /dev/null 2>&1 &
echo $! > ~/answers/qemu-pid.txt
