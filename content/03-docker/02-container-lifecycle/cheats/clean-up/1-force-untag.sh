# Force the image away while a container still uses it: the tag goes, the stopped containers stay.
docker rmi -f leftover:1
