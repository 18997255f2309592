# Up, with the file as it came: db has no volume.
cd ~/shop && docker compose up -d
