# Pauses old (docker pause freezes its processes) instead of stopping and removing it.
docker pause old > /dev/null
