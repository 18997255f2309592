# Shell form: it greets, but through /bin/sh, so greet.py is not PID 1.
cd ~/greet
sed 's/^CMD .*/CMD python3 greet.py/' Dockerfile > /tmp/Dockerfile.shell
docker build -q -t greet:1 -f /tmp/Dockerfile.shell .
