#!/bin/bash
# site must serve ~/site through a read-only bind mount: the engine's mount, and the page it serves now being the
# file as it is now.
state=$(docker inspect -f '{{.State.Status}}' site 2> /dev/null) || { echo "There is no container named site yet."; exit 1; }
[ "$state" = running ] || { echo "site exists but is $state, not running."; exit 1; }
[ -f ~/site/index.html ] || { echo "There is no ~/site/index.html: write your page there."; exit 1; }
mount=$(docker inspect -f '{{json .Mounts}}' site | jq -c '.[] | select(.Destination == "/www")')
[ -n "$mount" ] || { echo "Nothing is mounted at /www in site."; exit 1; }
[ "$(jq -r .Type <<< "$mount")" = bind ] || { echo "/www in site is a $(jq -r .Type <<< "$mount"), not a bind mount of ~/site."; exit 1; }
[ "$(jq -r .Source <<< "$mount")" = "$HOME/site" ] || { echo "/www in site is $(jq -r .Source <<< "$mount"), not $HOME/site."; exit 1; }
[ "$(jq -r .RW <<< "$mount")" = false ] || { echo "~/site is mounted writable: add :ro, so the container cannot change your files."; exit 1; }
binding=$(docker port site 80/tcp 2> /dev/null | head -n 1)
[ "${binding##*:}" = 8090 ] || { echo "site's port 80 is not published on port 8090."; exit 1; }
page=$(curl -s -m 3 http://127.0.0.1:8090/index.html)
[ "$page" = "$(cat ~/site/index.html)" ] || { echo "What site serves on port 8090 is not ~/site/index.html as it is now."; exit 1; }
echo "site serves ~/site, mounted read-only: change the file, and the page changes with it."
