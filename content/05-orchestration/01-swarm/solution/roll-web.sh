# Replace web's tasks one at a time, each with VERSION=2 in its environment: one new task, watched for 2 s (it must
# keep running), a pause of 1 s, then the next. --force replaces them even if an earlier attempt had already put
# VERSION=2 in the service. The command shows the progress of the update.
docker service update --env-add VERSION=2 --update-parallelism 1 --update-delay 1s --update-monitor 2s --force web
# Until the swarm says the update is complete:
for i in $(seq 120); do
  [ "$(docker service inspect web --format '{{.UpdateStatus.State}}')" = completed ] && break
  sleep 0.5
done
docker service ps web
