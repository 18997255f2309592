# Runs on manager: this machine leads a swarm of three ready machines, the two others as workers.
state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null)
if [ "$state" != "active true" ]; then
  echo "manager does not lead a swarm yet: run docker swarm init --advertise-addr eth0 in manager's terminal."
  exit 1
fi
ready=$(docker node ls --format '{{.Status}}' | grep -c '^Ready$')
if [ "$ready" -lt 3 ]; then
  echo "The swarm has $ready ready machine(s): join worker1 and worker2 with the docker swarm join command that init printed."
  exit 1
fi
managers=$(docker node ls --format '{{.ManagerStatus}}' | grep -c .)
if [ "$managers" -ne 1 ]; then
  echo "The swarm has $managers managers: join worker1 and worker2 as workers (the worker token), not as managers."
  exit 1
fi
echo "Three machines in one swarm: manager leads, worker1 and worker2 work."
