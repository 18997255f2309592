# Runs on manager: worker2 is drained, and web still runs three tasks, none of them on worker2.
address=$(getent hosts worker2 | awk '{print $1; exit}')
node=""
for id in $(docker node ls -q); do
  [ "$(docker node inspect "$id" --format '{{.Status.Addr}}')" = "$address" ] && node=$id
done
if [ -z "$node" ]; then
  echo "worker2 is not in the swarm."
  exit 1
fi
availability=$(docker node inspect "$node" --format '{{.Spec.Availability}}')
if [ "$availability" != drain ]; then
  echo "worker2 is $availability: set its availability to drain (docker node update --availability drain <worker2's hostname>)."
  exit 1
fi
left=$(docker node ps "$node" --filter desired-state=running -q | grep -c .)
if [ "$left" -gt 0 ]; then
  echo "worker2 still has $left task(s) meant to run: the swarm is moving them (docker node ps <worker2's hostname>)."
  exit 1
fi
running=$(docker service ps web --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')
if [ "$running" -lt 3 ]; then
  echo "web has $running running task(s): the swarm should have started the ones worker2 had elsewhere."
  exit 1
fi
echo "worker2 is drained: its web task now runs on another machine, and web still has three."
