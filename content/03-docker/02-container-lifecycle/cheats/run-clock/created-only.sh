# The right command, but only created, never started.
docker rm -f clock > /dev/null 2>&1
docker create --name clock busybox sh -c 'while true; do date; sleep 1; done'
