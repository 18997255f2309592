# docker kill counts as stopping by hand: the policy does not bring the replica back.
docker rm -f $(docker ps -aq --filter label=app=api) > /dev/null 2>&1
for i in 1 2 3; do docker run -d --name api-$i --label app=api --restart always web; done
docker kill api-2
sleep 1
