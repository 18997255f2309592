# Move latest on this machine only: the registry still says 2.0.
docker tag 127.0.0.1:5050/quote:1.0 127.0.0.1:5050/quote:latest
docker rm -f quote > /dev/null 2>&1
docker run -d --name quote -p 8090:80 127.0.0.1:5050/quote:latest
