# Limits that do not limit: a memory reservation (a soft target) and a CPU weight (shares) instead of a quota.
docker rm -f capped > /dev/null 2>&1
docker run -d --name capped --memory-reservation 96m --cpu-shares 256 --pids-limit 32 busybox sleep 3600
