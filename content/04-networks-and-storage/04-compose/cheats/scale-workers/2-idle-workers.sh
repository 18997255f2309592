# Three workers that count nothing.
cd ~/shop
sed -i 's|command: sh -c "while true; do redis-cli -h db incr visits > /dev/null; sleep 1; done"|command: sleep 1000|' compose.yaml
docker compose up -d --scale worker=3
