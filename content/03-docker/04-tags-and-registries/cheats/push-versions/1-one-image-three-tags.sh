# One image pushed under all three tags.
cd ~/quote
docker build -q -t 127.0.0.1:5050/quote:1.0 .
docker tag 127.0.0.1:5050/quote:1.0 127.0.0.1:5050/quote:2.0
docker tag 127.0.0.1:5050/quote:1.0 127.0.0.1:5050/quote:latest
for t in 1.0 2.0 latest; do docker push -q 127.0.0.1:5050/quote:$t; done
