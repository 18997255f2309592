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
  worker:
    image: redis:7
    init: true
    command: sh -c 'while true; do redis-cli -h db incr visits > /dev/null; sleep 1; done'
    depends_on:
      - db
    networks:
      - back

networks:
  front:
  back:

volumes:
  data:
YAML
docker compose up -d --scale worker=3
sleep 2
docker compose ps
docker compose logs --tail 5 db
