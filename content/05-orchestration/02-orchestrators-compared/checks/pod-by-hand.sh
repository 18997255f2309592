#!/bin/bash
# A pod by hand: app (the web image, serving on port 80) and sidecar, two containers in one network namespace,
# which is not the sandbox's own (with --network host both would share the sandbox's, as any host process does).
for c in app sidecar; do
  if [ "$(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" != true ]; then
    echo "There is no running container named $c yet."
    exit 1
  fi
done
app_ns=$(docker exec app readlink /proc/1/ns/net 2>/dev/null)
sidecar_ns=$(docker exec sidecar readlink /proc/1/ns/net 2>/dev/null)
if [ -z "$app_ns" ] || [ -z "$sidecar_ns" ]; then
  echo "Could not read the containers' network namespaces: use the images web (app) and busybox (sidecar)."
  exit 1
fi
if [ "$app_ns" != "$sidecar_ns" ]; then
  echo "app is in $app_ns and sidecar in $sidecar_ns: two network namespaces. Start sidecar with --network container:app."
  exit 1
fi
if [ "$app_ns" = "$(readlink /proc/self/ns/net)" ]; then
  echo "Both containers use the sandbox's own network namespace (--network host): a pod has one of its own."
  exit 1
fi
# What a third container in that namespace gets from localhost:80 must be app's own page.
page=$(timeout 5 docker run --rm --network container:app busybox wget -qO- http://localhost:80/ 2>/dev/null)
if [ -z "$page" ] || [ "$page" != "$(docker exec app cat /www/index.html 2>/dev/null)" ]; then
  echo "app and sidecar share $app_ns, but app's page does not answer on localhost:80 there. Is app the web image, serving?"
  exit 1
fi
echo "app and sidecar share one network namespace ($app_ns), not the sandbox's: sidecar reaches app on localhost, as two containers of one pod do."
