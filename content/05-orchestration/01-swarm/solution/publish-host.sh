# Clear an earlier attempt, if any.
docker service rm hello >/dev/null 2>&1
# One task per machine (global), each publishing port 8080 of the machine it runs on (host mode).
docker service create --name hello --mode global --publish mode=host,published=8080,target=80 --no-resolve-image web
for machine in manager worker1 worker2; do
  for i in $(seq 60); do curl -s -m 2 -o /dev/null "http://$machine:8080/" && break; sleep 0.5; done
  echo "$machine: $(curl -s -m 2 "http://$machine:8080/" | head -c 60)"
done
