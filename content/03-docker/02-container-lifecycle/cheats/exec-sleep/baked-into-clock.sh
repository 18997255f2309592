# A new clock whose own command starts the sleep.
docker rm -f clock > /dev/null
docker run -d --name clock busybox sh -c 'sleep 600 & while true; do date; sleep 1; done'
sleep 1
