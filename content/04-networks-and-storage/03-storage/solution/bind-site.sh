# (first remove a container an earlier try may have left)
docker rm -f site > /dev/null 2>&1
mkdir -p ~/site
echo '<h1>My own page, from a bind mount</h1>' > ~/site/index.html
docker run -d --name site -p 8090:80 -v ~/site:/www:ro web
sleep 1
curl -s localhost:8090
