#!/bin/bash
mkdir -p ~/answers
# A port has one listener: stop a server you started on 8000 before (from another folder, say).
pkill -f 'http.server 8000'
cd ~ || exit 1
# In your terminal, `python3 -m http.server 8000 &` is enough; a script sends the server's output elsewhere.
python3 -m http.server 8000 > /dev/null 2>&1 &
# Wait until it answers (python takes a moment to start).
for _ in $(seq 50); do curl -s -m 1 http://127.0.0.1:8000/ | grep -q answers/ && exit 0; sleep 0.2; done
exit 1
