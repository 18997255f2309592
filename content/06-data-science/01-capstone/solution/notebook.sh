docker rm -f notebook > /dev/null 2>&1
docker run -d --name notebook -p 127.0.0.1:8888:8888 -v "$HOME/project":/work datasci
# The server takes a few seconds to start.
for i in $(seq 60); do
  curl -sf -o /dev/null http://127.0.0.1:8888/api/status && break
  sleep 0.5
done
docker logs notebook 2>&1 | tail -n 5
curl -s http://127.0.0.1:8888/api/contents/ | jq -r '.content[].name'
