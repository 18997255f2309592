# api on the host's network stack: it shares the sandbox's, and joins no network of its own.
docker rm -f api stand-in > /dev/null 2>&1
docker network create shop > /dev/null 2>&1
docker run -d --name api --network host web httpd -f -p 8099 -h /www
