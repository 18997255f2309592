# The network exists, but api runs on the default bridge, where names are not resolved.
docker rm -f api > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
docker run -d --name api web
