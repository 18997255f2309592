# Pinned, but to the digest of 2.0.
docker rm -f pinned > /dev/null 2>&1
d2=$(curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' localhost:5050/v2/quote/manifests/2.0 | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }')
docker run -d --name pinned "127.0.0.1:5050/quote@$d2"
