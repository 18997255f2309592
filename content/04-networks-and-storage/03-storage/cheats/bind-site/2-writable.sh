# The bind mount, but writable.
docker rm -f site > /dev/null 2>&1
mkdir -p ~/site && echo '<h1>writable</h1>' > ~/site/index.html
docker run -d --name site -p 8090:80 -v ~/site:/www web
