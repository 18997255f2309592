# Both published, but private on every address too: it answers on the bridge's address as well.
docker rm -f public private > /dev/null 2>&1
docker run -d --name public -p 8080:80 web
docker run -d --name private -p 8081:80 web
