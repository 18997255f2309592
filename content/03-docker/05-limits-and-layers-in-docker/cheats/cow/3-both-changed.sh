# Changed in both containers: green is no longer the image's.
docker rm -f blue green > /dev/null 2>&1
docker run -d --name blue web
docker run -d --name green web
for c in blue green; do docker exec "$c" sh -c 'echo "<h1>Hello from blue</h1>" > /www/index.html'; done
