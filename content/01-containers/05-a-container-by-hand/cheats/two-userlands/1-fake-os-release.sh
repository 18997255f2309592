# Echo the expected text: a BusyBox container that writes a Debian /etc/os-release, beside a BusyBox one.
docker rm -f deb bb > /dev/null 2>&1
docker run -d --name deb busybox sh -c 'printf "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n" > /etc/os-release; exec sleep 3600' > /dev/null
docker run -d --name bb busybox sleep 3600 > /dev/null
