# Prints the date once and exits: a log with a time, but not running.
docker rm -f clock > /dev/null 2>&1
docker run --name clock busybox date
