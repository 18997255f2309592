#!/bin/bash
set -e
mkdir -p ~/hello
echo 'Hello from my own image!' > ~/hello/hello.txt
printf 'FROM busybox\nCOPY hello.txt /hello.txt\nCMD cat /hello.txt\n' > ~/hello/Dockerfile
docker build -q -t hello:1 ~/hello > /dev/null
docker run --rm hello:1
