# One RUN, but a blob of 1 KiB instead of 20 MiB: a small layer for the wrong reason.
d=$(mktemp -d)
printf 'FROM busybox\nRUN head -c 1k /dev/urandom > /blob.bin && md5sum /blob.bin > /blob.md5 && rm /blob.bin\nCMD ["cat", "/blob.md5"]\n' > "$d/Dockerfile"
docker build -q -t slim:1 "$d" > /dev/null
rm -rf "$d"
