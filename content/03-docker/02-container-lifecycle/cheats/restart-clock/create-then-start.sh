# Created, and started a while later: started once only.
docker rm -f clock > /dev/null
docker create --name clock busybox sh -c 'while true; do date; sleep 1; done'
sleep 2
docker start clock
sleep 2
