# Down with -v: the volume, and db's data, go too.
cd ~/shop && docker compose down -v
