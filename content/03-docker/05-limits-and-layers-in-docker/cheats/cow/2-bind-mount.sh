# The page mounted from the sandbox over the image's: blue serves it, but its container layer holds nothing.
docker rm -f blue green > /dev/null 2>&1
mkdir -p ~/blue-www
echo "<h1>Hello from blue</h1>" > ~/blue-www/index.html
docker run -d --name blue -v ~/blue-www:/www web
docker run -d --name green web
