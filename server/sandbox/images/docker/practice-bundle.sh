#!/bin/sh
# Runs while the docker image is built, in a stage that has the programs installed: makes a small root filesystem
# of busybox (a shell and the usual commands) plus the given programs and the shared libraries they load, so a
# practice image of a Debian package is a few MiB instead of a whole Debian.
#   practice-bundle.sh OUT_DIR PROGRAM...
set -eu
out=$1; shift
mkdir -p "$out/bin" "$out/etc" "$out/tmp" "$out/usr/bin"
chmod 1777 "$out/tmp"
cp /bin/busybox "$out/bin/busybox"
for c in $(/bin/busybox --list); do [ "$c" = busybox ] || ln -s busybox "$out/bin/$c"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$out/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$out/etc/passwd"
echo 'root:x:0:' > "$out/etc/group"
for p in "$@"; do
  cp -L "$p" "$out/usr/bin/$(basename "$p")"
  # ldd prints `name => /path (addr)` for libraries and `/lib64/ld-linux… (addr)` for the loader.
  for lib in $(ldd "$p" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
done
