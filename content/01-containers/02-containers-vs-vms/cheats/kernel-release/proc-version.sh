# Saves the kernel's whole version line: the release is in it, with much more besides.
mkdir -p ~/answers
cat /proc/version > ~/answers/kernel.txt
