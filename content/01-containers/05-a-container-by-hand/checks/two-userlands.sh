# Live state, from the engine: a running container with a Debian userland (its /etc/os-release says ID=debian and
# is the image's own, unchanged) and a running container with a BusyBox userland (busybox, no os-release), side by
# side; and the kernel release each reports is the sandbox's own.
kernel=$(uname -r)
deb="" bb="" faked=""
for c in $(docker ps -q); do
  name=$(docker inspect -f '{{.Name}}' "$c" | sed 's|^/||')
  changed=$(docker diff "$c" 2> /dev/null | awk '{ print $2 }' | grep -xE '/etc/os-release|/usr/lib/os-release|/bin/busybox|/bin')
  if os=$(docker exec "$c" cat /etc/os-release 2> /dev/null); then
    if [ -n "$changed" ]; then faked="$name"; continue; fi
    grep -qx 'ID=debian' <<< "$os" && [ -z "$deb" ] && deb=$name
  elif docker exec "$c" /bin/busybox true 2> /dev/null; then
    [ -z "$changed" ] && [ -z "$bb" ] && bb=$name
  fi
done
if [ -n "$faked" ] && [ -z "$deb" ]; then
  echo "Container $faked has an /etc/os-release that was written after it started: a userland is what the image brings, not what a file says. Run the debian image."
  exit 1
fi
if [ -z "$deb" ] && [ -z "$bb" ]; then
  echo "No Debian container and no BusyBox container is running. Start one of each with docker run -d, with a command that keeps them running."
  exit 1
fi
[ -n "$deb" ] || { echo "$bb runs BusyBox; now start a Debian container beside it (docker run -d … debian …), and keep both running."; exit 1; }
[ -n "$bb" ] || { echo "$deb runs Debian; now start a BusyBox container beside it (docker run -d … busybox …), and keep both running."; exit 1; }
k_deb=$(docker exec "$deb" uname -r) k_bb=$(docker exec "$bb" uname -r)
if [ "$k_deb" != "$kernel" ] || [ "$k_bb" != "$kernel" ]; then
  echo "Unexpected: $deb says kernel $k_deb, $bb says $k_bb, the sandbox $kernel."
  exit 1
fi
pretty=$(docker exec "$deb" sh -c '. /etc/os-release && echo "$PRETTY_NAME"')
version=$(docker exec "$bb" busybox 2> /dev/null | head -n 1 | cut -d ' ' -f 1-2)
echo "$deb ($pretty) and $bb ($version) run side by side, and both say uname -r = $kernel, the kernel your sandbox runs on: two userlands, one kernel."
