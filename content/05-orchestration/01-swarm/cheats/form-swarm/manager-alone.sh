# A swarm of one: init on manager, nobody joins.
docker swarm init --advertise-addr eth0 >/dev/null
