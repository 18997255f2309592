# Runs sleep 1000 as a container of its own (where its PPID is 0 too), not in web.
docker rm -f sleeper > /dev/null 2>&1
docker run -d --name sleeper busybox sleep 1000 > /dev/null
