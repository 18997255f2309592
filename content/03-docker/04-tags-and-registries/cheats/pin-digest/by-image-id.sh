# By the local image id: only this engine knows that name; no registry can pull it.
docker rm -f pinned > /dev/null 2>&1
docker run -d --name pinned "$(docker image inspect -f '{{.Id}}' 127.0.0.1:5050/quote:1.0)"
