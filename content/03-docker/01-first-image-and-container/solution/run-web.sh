#!/bin/bash
set -e
docker rm -f web > /dev/null 2>&1 || true
docker run -d --name web -p 8080:80 web httpd -f -p 80 -h /www > /dev/null
for _ in $(seq 50); do curl -sf localhost:8080 > /dev/null && exit 0; sleep 0.1; done
exit 1
