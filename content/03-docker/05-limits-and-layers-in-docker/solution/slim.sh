cd ~/fat
cat > Dockerfile.slim <<'DOCKERFILE'
FROM busybox
RUN head -c 20m /dev/urandom > /blob.bin \
 && md5sum /blob.bin > /blob.md5 \
 && rm /blob.bin
CMD ["cat", "/blob.md5"]
DOCKERFILE
docker build -t slim:1 -f Dockerfile.slim .
docker history slim:1
docker run --rm slim:1
