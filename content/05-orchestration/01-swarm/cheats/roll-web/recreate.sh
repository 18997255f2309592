# The end state without the rollout: the service removed and made again with VERSION=2.
docker service rm web >/dev/null
docker service create -q --name web --replicas 3 --update-parallelism 1 --env VERSION=2 --no-resolve-image web >/dev/null
