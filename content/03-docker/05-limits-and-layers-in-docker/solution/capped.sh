# (first remove a container named capped that an earlier try may have left)
docker rm -f capped > /dev/null 2>&1
docker run -d --name capped -m 96m --memory-swap 96m --cpus 0.25 --pids-limit 32 busybox sleep 3600
docker inspect -f 'memory={{.HostConfig.Memory}} memory+swap={{.HostConfig.MemorySwap}} cpus={{.HostConfig.NanoCpus}} pids={{.HostConfig.PidsLimit}}' capped
