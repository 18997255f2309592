#!/bin/bash
# Passes when a container named web runs the web practice image (by image ID, as the engine records it), publishes
# its port 80 on port 8080, and answers there.
if [ "$(docker inspect -f '{{.State.Running}}' web 2> /dev/null)" != true ]; then
  echo "No running container named web. Start it with docker run -d --name web -p 8080:80 …"
  exit 1
fi
image=$(docker inspect -f '{{.Image}}' web)
want=$(docker image inspect -f '{{.Id}}' web 2> /dev/null)
if [ "$image" != "$want" ]; then
  echo "The container web runs the image $(docker inspect -f '{{.Config.Image}}' web), not the web practice image. Remove it (docker rm -f web) and run it from web."
  exit 1
fi
port=$(docker inspect -f '{{range $p, $b := .HostConfig.PortBindings}}{{if eq $p "80/tcp"}}{{range $b}}{{.HostPort}}{{end}}{{end}}{{end}}' web)
if [ "$port" != 8080 ]; then
  echo "web publishes its port 80 on ${port:-no port of your sandbox}, not on 8080. Ports are set when a container is created: remove it and run it again with -p 8080:80."
  exit 1
fi
if ! curl -sf -m 3 localhost:8080 > /dev/null; then
  echo "web runs and publishes port 8080, but nothing answers there. Did you give it the command httpd -f -p 80 -h /www?"
  exit 1
fi
echo "web is running from the web image and answers on port 8080."
