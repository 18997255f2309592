# Which swarm node is worker2? Its hostname (the prompt in worker2's terminal, or `hostname` there) is its name in
# `docker node ls`. Here it is looked up by worker2's address on the lab network.
worker2=$(docker node ls -q | while read -r id; do
  [ "$(docker node inspect "$id" --format '{{.Status.Addr}}')" = "$(getent hosts worker2 | awk '{print $1; exit}')" ] && echo "$id"
done)
docker node update --availability drain "$worker2"
# The swarm shuts worker2's tasks down and starts replacements on the other machines.
for i in $(seq 60); do
  [ "$(docker service ps web --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -ge 3 ] && break
  sleep 0.5
done
docker service ps web
