#!/bin/bash
# Three small projects: ~/greet (a Dockerfile with a broken CMD), ~/shop (a slow step in the wrong place, and a
# secret in the folder), ~/site (a page generated from data, to be built in one image and served from another).
set -e
mkdir -p ~/greet ~/shop ~/site
cat > ~/greet/greet.py <<'PY'
import os, sys
name = sys.argv[1] if len(sys.argv) > 1 else "world"
print(f"{os.environ.get('GREETING', 'Hello')}, {name}! (PID {os.getpid()})")
PY
cat > ~/greet/Dockerfile <<'DOCKERFILE'
FROM python
WORKDIR /app
COPY greet.py .
CMD [python3, greet.py]
DOCKERFILE

cat > ~/shop/prepare.py <<'PY'
# Stands in for a slow step, such as installing dependencies: it takes a few seconds.
import time
time.sleep(2)
with open("/opt/prices.txt", "w") as f:
    f.write("apple 3\npear 4\nplum 2\n")
PY
cat > ~/shop/app.py <<'PY'
print("Today's prices:")
print(open("/opt/prices.txt").read(), end="")
PY
echo "SHOP_API_TOKEN=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" > ~/shop/secrets.env
cat > ~/shop/Dockerfile <<'DOCKERFILE'
FROM python
WORKDIR /app
COPY . .
RUN python3 prepare.py
CMD ["python3", "app.py"]
DOCKERFILE

cat > ~/site/build.py <<'PY'
# Builds the site: one page that sums up data.txt.
import hashlib, os
data = open("data.txt", "rb").read()
os.makedirs("/out", exist_ok=True)
with open("/out/index.html", "w") as f:
    f.write("<!doctype html>\n<title>Report</title>\n")
    f.write(f"<p>{len(data.splitlines())} lines, sha256 {hashlib.sha256(data).hexdigest()}</p>\n")
PY
for i in $(seq $((5 + RANDOM % 20))); do echo "reading $i: $RANDOM"; done > ~/site/data.txt
