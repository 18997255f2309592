docker tag 127.0.0.1:5050/quote:1.0 127.0.0.1:5050/quote:latest
docker push 127.0.0.1:5050/quote:latest
docker rm -f quote
docker run -d --name quote -p 8090:80 127.0.0.1:5050/quote:1.0
sleep 1
curl -s localhost:8090
