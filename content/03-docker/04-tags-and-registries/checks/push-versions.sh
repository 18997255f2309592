#!/bin/bash
# Ask the registry itself: which tags quote has, which manifest (digest) each names, and what page each one holds.
reg=localhost:5050
accept='Accept: application/vnd.docker.distribution.manifest.v2+json'
digest() { curl -sfI -H "$accept" "$reg/v2/quote/manifests/$1" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'; }
page() { # the page in the image's top layer, read from the registry's blob
  local layer
  layer=$(curl -sf -H "$accept" "$reg/v2/quote/manifests/$1" | jq -r '.layers[-1].digest') || return
  curl -sfL "$reg/v2/quote/blobs/$layer" | tar -xzO www/index.html 2> /dev/null
}
curl -sf "$reg/v2/" > /dev/null || { echo "The registry on port 5050 does not answer. Is the container registry running? (docker start registry)"; exit 1; }
tags=$(curl -sf "$reg/v2/quote/tags/list" | jq -r '.tags[]?' 2> /dev/null | sort | paste -sd' ')
for t in 1.0 2.0 latest; do
  grep -qw -- "$t" <<< "$tags" || { echo "The registry has no quote:$t yet (it has: ${tags:-nothing}). Push 127.0.0.1:5050/quote:$t."; exit 1; }
done
d1=$(digest 1.0) d2=$(digest 2.0) dl=$(digest latest)
[ "$d1" != "$d2" ] || { echo "quote:1.0 and quote:2.0 are the same image ($d1): build 2.0 from the changed page."; exit 1; }
grep -q 'version 1\.0' <<< "$(page 1.0)" || { echo "The page in quote:1.0 does not say version 1.0."; exit 1; }
grep -q 'version 2\.0' <<< "$(page 2.0)" || { echo "The page in quote:2.0 does not say version 2.0."; exit 1; }
[ "$dl" = "$d2" ] || { echo "quote:latest is not the same image as quote:2.0 (latest is $dl, 2.0 is $d2)."; exit 1; }
echo "The registry has quote:1.0 ($d1) and quote:2.0 ($d2), and latest names 2.0."
