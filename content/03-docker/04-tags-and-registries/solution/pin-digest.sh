digest=$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' 127.0.0.1:5050/quote:1.0 | grep '^127.0.0.1:5050/quote@' | head -n 1)
echo "$digest"
docker rm -f pinned > /dev/null 2>&1
docker run -d --name pinned "$digest"
docker ps
