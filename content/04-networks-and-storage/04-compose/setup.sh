#!/bin/bash
# The project the lesson grows: ~/shop/compose.yaml with a web front end and a database, each on a network of its
# own. The learner adds a volume (compose-up) and a worker service (scale-workers).
set -e
mkdir -p ~/shop
cat > ~/shop/compose.yaml <<'YAML'
# The shop: a web front end and a database.
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
    networks:
      - back

networks:
  front:
  back:
YAML
