#!/bin/bash
state=$(docker inspect -f '{{.State.Running}}' web 2>/dev/null)
if [ "$state" != "true" ]; then
  echo "No running container named web. Start it with docker run -d --name web -p 8080:80 …"
  exit 1
fi
if ! curl -sf -m 3 localhost:8080 > /dev/null; then
  echo "The web container runs, but nothing answers on port 8080. Did you publish it with -p 8080:80?"
  exit 1
fi
echo "web is running and answers on port 8080."
