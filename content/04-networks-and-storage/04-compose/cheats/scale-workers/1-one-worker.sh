# The worker service, but only one of it.
cd ~/shop
sed -i '/^networks:/i\  worker:\n    image: redis:7\n    init: true\n    command: sh -c "while true; do redis-cli -h db incr visits > /dev/null; sleep 1; done"\n    networks:\n      - back\n' compose.yaml
docker compose up -d
