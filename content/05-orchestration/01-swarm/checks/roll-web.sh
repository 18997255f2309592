# Runs on manager: web was updated in place, one task at a time, to VERSION=2, and every running task has it.
if ! docker service inspect web >/dev/null 2>&1; then
  echo "There is no service web: make it first (the exercise before)."
  exit 1
fi
if ! docker service inspect web --format '{{json .Spec.TaskTemplate.ContainerSpec.Env}}' | grep -q '"VERSION=2"'; then
  echo "web's tasks do not have VERSION=2 in their environment yet: docker service update --env-add VERSION=2 …"
  exit 1
fi
state=$(docker service inspect web --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}')
if [ "$state" != completed ]; then
  echo "No rolling update of web has completed (update status: ${state:-none}). A service made anew is not an update: use docker service update."
  exit 1
fi
if [ "$(docker service inspect web --format '{{.Spec.UpdateConfig.Parallelism}}')" != 1 ]; then
  echo "The update should replace one task at a time: --update-parallelism 1."
  exit 1
fi
count=0
for task in $(docker service ps web -q --filter desired-state=running); do
  docker inspect "$task" --format '{{.Status.State}} {{json .Spec.ContainerSpec.Env}}' | grep -q '^running .*"VERSION=2"' || {
    echo "Task $task of web is not a running VERSION=2 task yet: wait for the update to finish (docker service ps web)."
    exit 1
  }
  count=$((count + 1))
done
[ "$count" -ge 3 ] || { echo "web has $count running task(s); it should keep three."; exit 1; }
echo "web rolled over to VERSION=2 one task at a time, and all three run it."
