# The right file, brought up by the old Compose v1 (docker-compose, with a dash).
cd ~/shop && docker compose down
cat > compose.yaml <<'YAML'
services:
  web:
    image: web
    init: true
    ports:
      - "8080:80"
    networks:
      - front
  db:
    image: redis:7
    volumes:
      - data:/data
    networks:
      - back
networks:
  front:
  back:
volumes:
  data:
YAML
docker-compose up -d
