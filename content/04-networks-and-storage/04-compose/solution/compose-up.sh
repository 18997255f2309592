cd ~/shop
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
docker compose up -d
docker compose ps
