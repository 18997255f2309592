# dd reads one block of 100 MiB, so it needs a 100 MiB buffer: 24 MiB are not enough.
# Docker 20.10 now and then misses the kernel's notice of an OOM kill (a race with the container's end):
# if OOMKilled says false, run it again.
for try in 1 2 3; do
  docker rm -f hog > /dev/null 2>&1
  docker run --name hog -m 24m --memory-swap 24m busybox dd if=/dev/zero of=/dev/null bs=100M count=1
  echo "exit code: $?"
  [ "$(docker inspect -f '{{.State.OOMKilled}}' hog)" = true ] && break
done
docker inspect -f 'OOMKilled={{.State.OOMKilled}} ExitCode={{.State.ExitCode}}' hog
