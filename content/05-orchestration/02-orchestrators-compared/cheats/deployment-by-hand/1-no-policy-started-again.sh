# Three replicas without a restart policy; the dead one started again by hand.
docker rm -f $(docker ps -aq --filter label=app=api) > /dev/null 2>&1
for i in 1 2 3; do docker run -d --name api-$i --label app=api web; done
sudo kill -9 "$(docker inspect -f '{{.State.Pid}}' api-2)" 2> /dev/null
sleep 1
docker start api-2
