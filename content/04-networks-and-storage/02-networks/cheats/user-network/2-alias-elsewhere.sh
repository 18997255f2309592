# Something answers to the name api on shop, but it is not the container api.
docker rm -f api stand-in > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
docker run -d --name stand-in --network shop --network-alias api web
docker run -d --name api busybox sleep 1000
