# Clear an earlier attempt, if any: a service or a container already named web.
docker service rm web >/dev/null 2>&1; docker rm -f web >/dev/null 2>&1
# Three replicas of the image web; the swarm spreads them over the machines. --no-resolve-image: there is no
# internet here to look the image's digest up on Docker Hub (each machine takes it from its own registry).
docker service create --name web --replicas 3 --no-resolve-image web
docker service ps web
