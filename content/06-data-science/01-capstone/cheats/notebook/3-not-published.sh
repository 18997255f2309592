# Mounted, but the port is not published: nothing outside the container reaches the server.
docker rm -f notebook > /dev/null 2>&1
docker run -d --name notebook -v "$HOME/project":/work datasci
sleep 2
