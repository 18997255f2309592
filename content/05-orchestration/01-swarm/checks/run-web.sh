# Runs on manager: a service web of the image web with three tasks running, one on each machine.
if ! docker service inspect web >/dev/null 2>&1; then
  echo "There is no service named web yet: docker service create --name web --replicas 3 web"
  exit 1
fi
image=$(docker service inspect web --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}')
case "${image%%@*}" in
  web | web:latest | docker.io/library/web | docker.io/library/web:latest) ;;
  *) echo "The service web runs the image $image: it should run the image web."; exit 1 ;;
esac
running=$(docker service ps web --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' | grep ' Running ')
count=$(printf '%s\n' "$running" | grep -c .)
machines=$(printf '%s\n' "$running" | awk 'NF {print $1}' | sort -u | grep -c .)
if [ "$count" -lt 3 ] || [ "$machines" -lt 3 ]; then
  echo "web has $count running task(s) on $machines machine(s); it needs three, one on each machine (docker service ps web)."
  exit 1
fi
echo "web runs three tasks, one on each machine."
