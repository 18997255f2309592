# Start clean, if an earlier attempt already made a swarm here.
docker swarm leave --force >/dev/null 2>&1
# On manager: start the swarm, advertising the address the other machines reach (eth0: the lab network has no
# default route, so Docker cannot guess it).
docker swarm init --advertise-addr eth0
# It prints the command each worker runs; this prints it again, with the token workers join with:
docker swarm join-token worker
# Then, in worker1's terminal and in worker2's:  docker swarm join --token <that token> manager:2377
# (Lesson CI hands the token over to the workers through a short-lived web server on manager, port 7999.)
mkdir -p /tmp/swarm-token && docker swarm join-token -q worker > /tmp/swarm-token/worker
setsid timeout 120 python3 -m http.server 7999 --directory /tmp/swarm-token >/dev/null 2>&1 < /dev/null &
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:7999/worker && break; sleep 0.2; done
