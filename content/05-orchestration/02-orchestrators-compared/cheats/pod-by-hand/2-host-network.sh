# The near miss: both on --network host share a namespace, but it is the sandbox's own, not a pod's.
docker rm -f app sidecar > /dev/null 2>&1
docker run -d --name app --network host web
docker run -d --name sidecar --network host busybox sleep 3600
