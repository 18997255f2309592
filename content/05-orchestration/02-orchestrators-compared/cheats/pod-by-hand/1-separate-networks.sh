# Two containers with the right names, each in a network namespace of its own (the default bridge).
docker rm -f app sidecar > /dev/null 2>&1
docker run -d --name app web
docker run -d --name sidecar busybox sleep 3600
