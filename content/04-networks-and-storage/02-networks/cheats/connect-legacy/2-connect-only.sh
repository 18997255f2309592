# Connected to shop, but still on the default bridge.
docker rm -f legacy-2 > /dev/null 2>&1
docker network connect shop legacy
