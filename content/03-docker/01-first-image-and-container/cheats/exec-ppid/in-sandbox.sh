# Starts sleep 1000 in the sandbox itself, not in the web container.
sleep 1000 > /dev/null 2>&1 &
