# Starts the sleep through a shell inside the container: the shell is its parent, and when it ends PID 1 adopts it.
docker exec web sh -c 'sleep 1000 > /dev/null 2>&1 &'
