#!/bin/bash
# Judged on the engine's bindings and on what answers where: both pages on 127.0.0.1; on the sandbox's address on
# the default bridge (docker0, an address that is not loopback) only public's.
for c in public private; do
  state=$(docker inspect -f '{{.State.Status}}' "$c" 2> /dev/null) || { echo "There is no container named $c yet."; exit 1; }
  [ "$state" = running ] || { echo "$c exists but is $state, not running."; exit 1; }
done
binds() { docker inspect -f '{{json .HostConfig.PortBindings}}' "$1" | jq -r '."80/tcp" // [] | .[] | "\(.HostIp)|\(.HostPort)"'; }
pub=$(binds public) priv=$(binds private)
[ -n "$pub" ] || { echo "public's port 80 is not published (-p HOST_PORT:80)."; exit 1; }
[ -n "$priv" ] || { echo "private's port 80 is not published (-p ADDRESS:HOST_PORT:80)."; exit 1; }
while IFS='|' read -r ip port; do
  [ "$port" = 8080 ] || { echo "public's port 80 is published on port $port, not 8080."; exit 1; }
  [ -z "$ip" ] || [ "$ip" = 0.0.0.0 ] || [ "$ip" = :: ] || { echo "public is published on $ip only: it should be on every address."; exit 1; }
done <<< "$pub"
while IFS='|' read -r ip port; do
  [ "$port" = 8081 ] || { echo "private's port 80 is published on port $port, not 8081."; exit 1; }
  [ "$ip" = 127.0.0.1 ] || { echo "private is published on ${ip:-every address}: it should be on 127.0.0.1 only."; exit 1; }
done <<< "$priv"
for port in 8080 8081; do
  curl -sf -m 3 "http://127.0.0.1:$port/" | grep -q '<h1>' || { echo "Nothing serves a page on 127.0.0.1:$port. Is the container's web server running (the web image's own command)?"; exit 1; }
done
gw=$(ip -4 -o addr show docker0 | awk '{ sub("/.*", "", $4); print $4; exit }')
[ -n "$gw" ] || { echo "The sandbox has no docker0 address: is the engine running?"; exit 1; }
curl -sf -m 3 "http://$gw:8080/" > /dev/null || { echo "public does not answer on $gw:8080, the sandbox's address on the bridge."; exit 1; }
if curl -s -m 3 "http://$gw:8081/" > /dev/null; then echo "private answers on $gw:8081 too: it should answer on 127.0.0.1 only."; exit 1; fi
echo "public answers on every address (127.0.0.1:8080 and $gw:8080); private on 127.0.0.1:8081 only."
