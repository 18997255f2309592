#!/bin/bash
set -e
mkdir -p ~/hello
printf 'FROM busybox\nCMD echo Hello, Boxlab\n' > ~/hello/Dockerfile
docker build -q -t hello:1 ~/hello > /dev/null
