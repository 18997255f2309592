# A second build, so a second digest, of the unchanged page, pushed as 2.0 and latest.
cd ~/quote
docker build -q --no-cache -t 127.0.0.1:5050/quote:2.0 .
docker tag 127.0.0.1:5050/quote:2.0 127.0.0.1:5050/quote:latest
docker push -q 127.0.0.1:5050/quote:2.0 && docker push -q 127.0.0.1:5050/quote:latest
