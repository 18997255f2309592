# Every limit right, but a command that ends at once: capped has exited.
docker rm -f capped > /dev/null 2>&1
docker run --name capped -m 96m --memory-swap 96m --cpus 0.25 --pids-limit 32 busybox true
