# Something on shop answers to the name legacy, but legacy itself stays where it was.
docker rm -f legacy-2 > /dev/null 2>&1
docker run -d --name legacy-2 --network shop --network-alias legacy web
