#!/bin/bash
# site:1: the page build.py makes from ~/site/data.txt, served by a small image that holds no Python.
if ! docker image inspect site:1 > /dev/null 2>&1; then
  echo "There is no image site:1 yet."
  exit 1
fi
want="<p>$(grep -c '' ~/site/data.txt) lines, sha256 $(sha256sum < ~/site/data.txt | cut -d' ' -f1)</p>"
page=$(timeout 8 docker run --rm --network none --entrypoint cat site:1 /www/index.html 2>&1)
if ! grep -qF "$want" <<< "$page"; then
  echo "site:1 has no /www/index.html built from ~/site/data.txt as it is now (it should contain $want)."
  exit 1
fi
size=$(docker image inspect -f '{{.Size}}' site:1)
if [ "$size" -gt 20000000 ]; then
  echo "site:1 serves the right page but weighs $((size / 1000000)) MB: the build tools came along. Copy only the page into a small final stage."
  exit 1
fi
if timeout 8 docker run --rm --network none --entrypoint python3 site:1 -V > /dev/null 2>&1; then
  echo "site:1 still holds Python: the final stage should have only the page and a web server."
  exit 1
fi
if [ "$(docker inspect -f '{{join .Config.Cmd " "}}' site:1)" != "httpd -f -p 80 -h /www" ]; then
  echo "site:1 should serve /www when run without a command, as the web image does (httpd -f -p 80 -h /www)."
  exit 1
fi
echo "site:1 weighs $((size / 1000)) kB and serves the page Python built: $want"
