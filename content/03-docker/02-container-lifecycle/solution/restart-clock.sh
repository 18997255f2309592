docker stop -t 1 clock
docker start clock
sleep 2
docker logs -t --tail 5 clock
