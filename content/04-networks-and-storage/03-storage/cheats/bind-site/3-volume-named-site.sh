# A named volume called site instead of the folder ~/site (-v site:/www names a volume, not a folder).
docker rm -f site > /dev/null 2>&1
mkdir -p ~/site && echo '<h1>volume</h1>' > ~/site/index.html
docker run -d --name site -p 8090:80 -v site:/www:ro web
