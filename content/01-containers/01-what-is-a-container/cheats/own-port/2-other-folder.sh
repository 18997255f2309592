# Serves another folder (/tmp) on port 8000 and leaves it running: a server answers, but not with your home folder.
cd /tmp || exit 1
python3 -m http.server 8000 > /dev/null 2>&1 &
for _ in $(seq 50); do curl -s -m 1 -o /dev/null http://127.0.0.1:8000/ && exit 0; sleep 0.2; done
exit 1
