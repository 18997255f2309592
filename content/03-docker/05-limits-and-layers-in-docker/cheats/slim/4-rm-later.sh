# Two steps merged, but the delete still in a later one: the blob's layer stays.
d=$(mktemp -d)
printf 'FROM busybox\nRUN head -c 20m /dev/urandom > /blob.bin && md5sum /blob.bin > /blob.md5\nRUN rm /blob.bin\nCMD ["cat", "/blob.md5"]\n' > "$d/Dockerfile"
docker build -q -t slim:1 "$d" > /dev/null
rm -rf "$d"
