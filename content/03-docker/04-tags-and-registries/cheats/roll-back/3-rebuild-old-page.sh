# Rebuild "1.0" from the old page: same content, but a new image with a new digest, not the one that was tested.
mkdir -p /tmp/rb && cd /tmp/rb
sed 's/version 2\.0/version 1.0/; s/Complex is better than complicated\./Simple is better than complex./' ~/quote/index.html > index.html
printf 'FROM web\nCOPY index.html /www/index.html\n' > Dockerfile
docker build -q --no-cache -t 127.0.0.1:5050/quote:latest .
docker push -q 127.0.0.1:5050/quote:latest
docker rm -f quote > /dev/null 2>&1
docker run -d --name quote -p 8090:80 127.0.0.1:5050/quote:latest
