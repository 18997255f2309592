# (first remove what an earlier try may have left)
docker rm -f public private > /dev/null 2>&1
docker run -d --name public -p 8080:80 web
docker run -d --name private -p 127.0.0.1:8081:80 web
docker ps
