# The near miss: a crashed replica came back, but there are four replicas, not three.
docker rm -f $(docker ps -aq --filter label=app=api) > /dev/null 2>&1
for i in 1 2 3 4; do docker run -d --name api-$i --label app=api --restart always web; done
sudo kill -9 "$(docker inspect -f '{{.State.Pid}}' api-2)" 2> /dev/null
for i in $(seq 50); do [ "$(docker inspect -f '{{.State.Running}} {{gt .RestartCount 0}}' api-2)" = "true true" ] && break; sleep 0.2; done
