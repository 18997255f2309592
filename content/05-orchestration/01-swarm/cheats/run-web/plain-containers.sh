# Containers named like the service, but no service: docker run is one machine's, not the swarm's.
docker run -d --name web web >/dev/null
