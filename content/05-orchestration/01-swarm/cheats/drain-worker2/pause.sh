# Paused, not drained: worker2 takes no new tasks but keeps the ones it has.
worker2=$(docker node ls -q | while read -r id; do
  [ "$(docker node inspect "$id" --format '{{.Status.Addr}}')" = "$(getent hosts worker2 | awk '{print $1; exit}')" ] && echo "$id"
done)
docker node update --availability pause "$worker2" >/dev/null
