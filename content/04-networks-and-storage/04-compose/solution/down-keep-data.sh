cd ~/shop
# (up first, in case an earlier try took the project down already; the workers count for a moment)
docker compose up -d
sleep 3
docker compose down
docker volume ls
