# Stopped, not taken down: the containers and networks stay.
cd ~/shop && docker compose stop
