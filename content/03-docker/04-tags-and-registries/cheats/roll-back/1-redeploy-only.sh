# Run 1.0 again, but leave latest naming 2.0: the next deploy of latest brings the bug back.
docker rm -f quote > /dev/null 2>&1
docker run -d --name quote -p 8090:80 127.0.0.1:5050/quote:1.0
