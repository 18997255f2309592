# No blob at all: a checksum line typed in.
d=$(mktemp -d)
printf 'FROM busybox\nRUN echo "0123456789abcdef0123456789abcdef  /blob.bin" > /blob.md5\nCMD ["cat", "/blob.md5"]\n' > "$d/Dockerfile"
docker build -q -t slim:1 "$d" > /dev/null
rm -rf "$d"
