# The change built into a new image, not made in the container: blue's own layer stays empty.
docker rm -f blue green > /dev/null 2>&1
d=$(mktemp -d)
printf 'FROM web\nRUN echo "<h1>Hello from blue</h1>" > /www/index.html\n' > "$d/Dockerfile"
docker build -q -t web-blue "$d" > /dev/null
rm -rf "$d"
docker run -d --name blue web-blue
docker run -d --name green web
