# --expose is not publishing: it only records the port, nothing on the sandbox listens on 8081.
docker rm -f private > /dev/null 2>&1
docker run -d --name private --expose 80 web
