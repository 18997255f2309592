# blue's change committed into the tag web, and green started from that: the image itself changed.
docker rm -f blue green > /dev/null 2>&1
docker run -d --name blue web
docker exec blue sh -c 'echo "<h1>Hello from blue</h1>" > /www/index.html'
docker commit blue web > /dev/null
docker run -d --name green web
