# fat:1's files exported from a container and imported as one layer: small, but no build, no history, no busybox base.
docker build -q -t fat:1 ~/fat > /dev/null
docker rm -f flat > /dev/null 2>&1
docker create --name flat fat:1 > /dev/null
docker export flat | docker import -c 'CMD ["cat", "/blob.md5"]' - slim:1 > /dev/null
docker rm flat > /dev/null
