# The near miss: -m without --memory-swap, which lets the container swap as much again.
docker rm -f capped > /dev/null 2>&1
docker run -d --name capped -m 96m --cpus 0.25 --pids-limit 32 busybox sleep 3600
