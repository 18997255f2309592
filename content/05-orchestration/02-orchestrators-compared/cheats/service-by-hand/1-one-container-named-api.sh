# A single container named api on shop: the name answers, with one address that is no replica.
docker network create shop > /dev/null 2>&1
docker rm -f api > /dev/null 2>&1
docker run -d --name api --network shop web
