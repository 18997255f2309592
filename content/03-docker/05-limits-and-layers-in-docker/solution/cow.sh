# (first remove containers an earlier try may have left)
docker rm -f blue green > /dev/null 2>&1
# (and web as the practice registry has it, in case an earlier try committed a change into the tag)
docker pull -q web > /dev/null
docker run -d --name blue web
docker run -d --name green web
docker exec blue sh -c 'echo "<h1>Hello from blue</h1>" > /www/index.html'
docker diff blue
docker diff green
