# Stops old but leaves it there.
docker stop -t 1 old > /dev/null
