# (first remove replicas an earlier try may have left)
docker rm -f $(docker ps -aq --filter label=app=api) > /dev/null 2>&1
for i in 1 2 3; do
  docker run -d --name api-$i --label app=api --restart always web
done
# A crash: the replica's main process killed from outside, as the kernel's OOM killer would.
sudo kill -9 "$(docker inspect -f '{{.State.Pid}}' api-2)" 2> /dev/null
# The engine restarts it after a short delay (100 ms, doubled at each crash in a row).
for i in $(seq 50); do
  [ "$(docker inspect -f '{{.State.Running}} {{gt .RestartCount 0}}' api-2)" = "true true" ] && break
  sleep 0.2
done
docker ps --filter label=app=api
docker inspect -f '{{.Name}} restarted {{.RestartCount}} times' api-1 api-2 api-3
