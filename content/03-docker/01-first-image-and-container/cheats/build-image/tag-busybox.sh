# Create the image by name: busybox tagged hello:1, nothing built.
docker tag busybox hello:1
