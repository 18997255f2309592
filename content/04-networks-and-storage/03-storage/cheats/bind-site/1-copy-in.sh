# Copy the page into the container instead of mounting the folder.
docker rm -f site > /dev/null 2>&1
mkdir -p ~/site && echo '<h1>copied</h1>' > ~/site/index.html
docker run -d --name site -p 8090:80 web
docker cp ~/site/index.html site:/www/index.html
