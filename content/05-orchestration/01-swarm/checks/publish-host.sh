# Runs on manager: a global service hello publishes port 8080 in host mode, and every machine answers on it.
if ! docker service inspect hello >/dev/null 2>&1; then
  echo "There is no service named hello yet."
  exit 1
fi
if [ -z "$(docker service inspect hello --format '{{if .Spec.Mode.Global}}global{{end}}')" ]; then
  echo "hello should run one task on every machine: --mode global."
  exit 1
fi
ports=$(docker service inspect hello --format '{{range .Endpoint.Ports}}{{.PublishMode}}:{{.PublishedPort}}->{{.TargetPort}} {{end}}')
case " $ports" in
  *" host:8080->80 "*) ;;
  *) echo "hello publishes ${ports:-nothing}; it should publish port 8080 of each machine to port 80 in host mode (--publish mode=host,published=8080,target=80)."; exit 1 ;;
esac
for machine in manager worker1 worker2; do
  if ! curl -s -m 3 "http://$machine:8080/" | grep -q .; then
    echo "$machine answers nothing on port 8080 yet (docker service ps hello)."
    exit 1
  fi
done
echo "Every machine answers on its own port 8080, each from its own hello task."
