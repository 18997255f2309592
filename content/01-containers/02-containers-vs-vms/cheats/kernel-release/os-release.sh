# Saves the release of the distribution the files come from (Debian's 12), not of the kernel.
mkdir -p ~/answers
. /etc/os-release
echo "$VERSION_ID" > ~/answers/kernel.txt
