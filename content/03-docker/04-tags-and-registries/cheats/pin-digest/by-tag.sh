# By tag: right image today, but the tag can move.
docker rm -f pinned > /dev/null 2>&1
docker run -d --name pinned 127.0.0.1:5050/quote:1.0
