#!/bin/bash
# The page must come through port 9000 (curl first: it is what the learner sees), be the very page remote serves
# on its own loopback (its visit code is made when remote starts), and port 9000 must be held by ssh.
[ "$(docker inspect -f '{{.State.Running}}' remote 2> /dev/null)" = true ] || { echo "remote is not running: docker start remote."; exit 1; }
got=$(curl -s -m 3 http://127.0.0.1:9000/)
want=$(docker exec remote wget -qO- http://127.0.0.1:8000/ 2> /dev/null)
[ -n "$want" ] || { echo "remote's admin page does not answer inside remote. docker restart remote, then open the tunnel again."; exit 1; }
[ -n "$got" ] || { echo "Nothing answers on 127.0.0.1:9000 yet."; exit 1; }
[ "$got" = "$want" ] || { echo "127.0.0.1:9000 answers, but not with remote's admin page (what answers at remote's 127.0.0.1:8000)."; exit 1; }
pids=$(ss -Hltnp 'sport = :9000' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)
[ -n "$pids" ] || { echo "The page came, but no process of yours listens on port 9000 now."; exit 1; }
for pid in $pids; do
  [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = ssh ] || { echo "Port 9000 is held by $(cat "/proc/$pid/comm" 2> /dev/null || echo "process $pid"), not by ssh: use ssh -L."; exit 1; }
done
echo "Port 9000 is an SSH tunnel (ssh, PID $(paste -sd, <<< "$pids")) to the admin page on remote's own 127.0.0.1:8000."
