# The notebook server, published, but on the image's own empty /work.
docker rm -f notebook > /dev/null 2>&1
docker run -d --name notebook -p 127.0.0.1:8888:8888 datasci
for i in $(seq 60); do curl -sf -o /dev/null http://127.0.0.1:8888/api/status && break; sleep 0.5; done
