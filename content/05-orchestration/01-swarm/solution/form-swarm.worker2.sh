# On a worker: join manager's swarm with the worker token (lesson CI fetches it from manager; a learner copies it).
token=$(curl -s --retry 20 --retry-connrefused --retry-delay 1 http://manager:7999/worker)
docker swarm join --token "$token" manager:2377
