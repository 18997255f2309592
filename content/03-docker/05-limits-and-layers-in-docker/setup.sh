#!/bin/bash
# ~/fat: a Dockerfile whose history shows a big layer that a later step only hides (exercise slim).
set -e
mkdir -p ~/fat
cat > ~/fat/Dockerfile <<'DOCKERFILE'
FROM busybox
RUN head -c 20m /dev/urandom > /blob.bin
RUN md5sum /blob.bin > /blob.md5
RUN rm /blob.bin
CMD ["cat", "/blob.md5"]
DOCKERFILE
