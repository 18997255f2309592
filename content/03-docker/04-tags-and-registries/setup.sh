#!/bin/bash
# A registry the learner can push to: the CNCF Distribution registry (Debian's docker-registry, already in the
# sandbox) packaged as registry:local and run as the container `registry` on port 5050. There is no internet, so
# this stands in for `docker run -d -p 5050:5000 registry:2`. Plus version 1.0 of a small web page to ship.
set -e
dir=$(mktemp -d)
# busybox plus the registry's program and the two libraries it links (libc and the loader): no 117 MB debian pull.
mkdir -p "$dir/lib/x86_64-linux-gnu" "$dir/lib64"
cp /usr/bin/docker-registry "$dir/"
cp -L /lib/x86_64-linux-gnu/libc.so.6 "$dir/lib/x86_64-linux-gnu/"
cp -L /lib64/ld-linux-x86-64.so.2 "$dir/lib64/"
cat > "$dir/config.yml" <<'YAML'
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
YAML
printf 'FROM busybox\nCOPY lib /lib\nCOPY lib64 /lib64\nCOPY docker-registry /usr/bin/docker-registry\nCOPY config.yml /etc/docker/registry/config.yml\nEXPOSE 5000\nCMD ["docker-registry", "serve", "/etc/docker/registry/config.yml"]\n' > "$dir/Dockerfile"
docker build -q -t registry:local "$dir" > /dev/null
rm -rf "$dir"
docker run -d --name registry --restart unless-stopped -p 5050:5000 registry:local > /dev/null
for _ in $(seq 50); do curl -sf localhost:5050/v2/ > /dev/null && break; sleep 0.1; done
mkdir -p ~/quote
cat > ~/quote/index.html <<'HTML'
<!doctype html>
<title>Quote of the day</title>
<h1>Simple is better than complex.</h1>
<p>version 1.0</p>
HTML
printf 'FROM web\nCOPY index.html /www/index.html\n' > ~/quote/Dockerfile
