#!/bin/bash
# Passes when the web container runs a `sleep 1000` whose parent, as the container sees it, is 0: a process that
# `docker exec` started from outside the container's PID namespace.
if [ "$(docker inspect -f '{{.State.Running}}' web 2> /dev/null)" != true ]; then
  echo "The container web isn't running. Do the exercise above first: docker run -d --name web -p 8080:80 web httpd -f -p 80 -h /www"
  exit 1
fi
# PID, PPID and command line of each sleep 1000 in web, as the container's own ps shows them.
sleeps=$(docker exec web ps -o pid,ppid,args | awk '$3 == "sleep" && $4 == "1000" && NF == 4 { print $1, $2 }')
if [ -z "$sleeps" ]; then
  echo "No sleep 1000 runs in the web container. Start it there with docker exec -d web sleep 1000."
  exit 1
fi
if ! awk '$2 == 0 { found = 1 } END { exit !found }' <<< "$sleeps"; then
  read -r pid ppid <<< "$sleeps"
  echo "sleep 1000 runs in web as PID $pid, but its PPID is $ppid: a process inside the container started it (and when that ended, PID 1 adopted it). Start it with docker exec -d web sleep 1000 itself, not through a shell."
  exit 1
fi
pid=$(awk '$2 == 0 { print $1; exit }' <<< "$sleeps")
echo "Right: sleep 1000 is PID $pid in web, and its PPID is 0. docker exec started it from outside the container, so its real parent is out of the container's sight."
