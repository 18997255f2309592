#!/bin/bash
# The project shop as Compose v2 sees it (docker compose ps), web answering on 8080, and db's data in the
# project's named volume data (shop_data).
ps=$(docker compose -p shop ps -a --format json 2> /dev/null | jq -sc 'flatten')
[ "$(jq length <<< "${ps:-[]}")" -gt 0 ] || { echo "The project shop has no containers yet: cd ~/shop, then docker compose up -d."; exit 1; }
for svc in web db; do
  state=$(jq -r --arg s "$svc" '[.[] | select(.Service == $s) | .State] | first // empty' <<< "$ps")
  [ "$state" = running ] || { echo "The service $svc of shop is ${state:-missing}, not running."; exit 1; }
done
db=$(jq -r '[.[] | select(.Service == "db") | .Name] | first' <<< "$ps")
version=$(docker inspect -f '{{index .Config.Labels "com.docker.compose.version"}}' "$db" 2> /dev/null)
case $version in
  2.*) ;;
  *) echo "shop was brought up by Compose ${version:-?}: use Compose v2, docker compose (a space, not a dash)."; exit 1 ;;
esac
mount=$(docker inspect -f '{{json .Mounts}}' "$db" | jq -c '.[] | select(.Destination == "/data")')
[ "$(jq -r '.Type // empty' <<< "$mount")" = volume ] && [ "$(jq -r .Name <<< "$mount")" = shop_data ] \
  || { echo "db has no named volume data at /data (the engine names it shop_data): add it to compose.yaml, then docker compose up -d again."; exit 1; }
curl -sf -m 3 http://127.0.0.1:8080/ | grep -q '<h1>' || { echo "web does not answer on port 8080."; exit 1; }
echo "shop runs under Compose v2: web on port 8080, db with its data in the volume shop_data."
