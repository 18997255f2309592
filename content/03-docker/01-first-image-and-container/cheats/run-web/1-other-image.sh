# Any container named web that answers on 8080: busybox serving a page of its own, not the web image.
docker rm -f web > /dev/null 2>&1
docker run -d --name web -p 8080:80 busybox sh -c 'mkdir /w && echo hi > /w/index.html && exec httpd -f -p 80 -h /w' > /dev/null
for _ in $(seq 50); do curl -sf localhost:8080 > /dev/null && exit 0; sleep 0.2; done
echo "busybox's httpd did not answer on 8080 within 10 s"
exit 1
