# A restart policy, but the "crash" is docker restart: the engine restarted nothing by itself.
docker rm -f $(docker ps -aq --filter label=app=api) > /dev/null 2>&1
for i in 1 2 3; do docker run -d --name api-$i --label app=api --restart always web; done
docker restart -t 1 api-2
