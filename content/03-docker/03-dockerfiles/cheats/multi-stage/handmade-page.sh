# A page written by hand, for data that is not today's.
mkdir -p /tmp/m3 && cd /tmp/m3
echo '<p>10 lines, sha256 0000</p>' > index.html
printf 'FROM web\nCOPY index.html /www/index.html\n' > Dockerfile
docker build -q -t site:1 .
