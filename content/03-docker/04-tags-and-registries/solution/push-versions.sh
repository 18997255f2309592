cd ~/quote
docker build -t 127.0.0.1:5050/quote:1.0 .
docker push 127.0.0.1:5050/quote:1.0
sed -i 's/version 1\.0/version 2.0/; s/Simple is better than complex\./Complex is better than complicated./' index.html
docker build -t 127.0.0.1:5050/quote:2.0 .
docker tag 127.0.0.1:5050/quote:2.0 127.0.0.1:5050/quote:latest
docker push 127.0.0.1:5050/quote:2.0
docker push 127.0.0.1:5050/quote:latest
curl -s localhost:5050/v2/quote/tags/list
