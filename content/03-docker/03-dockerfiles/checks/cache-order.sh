#!/bin/bash
# Edit app.py in a copy of ~/shop and build the copy: the slow step must come from the build cache.
if ! docker image inspect shop:1 > /dev/null 2>&1; then
  echo "There is no image shop:1 yet: docker build -t shop:1 ~/shop"
  exit 1
fi
if ! grep -q '^RUN .*prepare\.py' ~/shop/Dockerfile; then
  echo "~/shop/Dockerfile no longer runs prepare.py: keep that step, and move it."
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -r ~/shop/. "$dir/"
echo "# an edit $RANDOM$RANDOM" >> "$dir/app.py"
out=$(timeout 7 docker build "$dir" 2>&1)
built=$(sed -n 's/^Successfully built //p' <<< "$out")
[ -n "$built" ] && docker rmi "$built" > /dev/null 2>&1
if ! grep -A1 '^Step .* : RUN .*prepare\.py' <<< "$out" | grep -q 'Using cache'; then
  echo "I changed app.py in a copy of ~/shop and built it: prepare.py ran again. (Build shop:1 after changing the Dockerfile, too.)"
  grep -E '^Step |Using cache' <<< "$out" | head -n 12
  exit 1
fi
if ! docker run --rm --network none shop:1 2>&1 | grep -q 'apple 3'; then
  echo "The build cache works, but shop:1 does not print the prices: build it again from ~/shop."
  exit 1
fi
echo "After an edit of app.py, the slow step comes from the cache:"
grep -A1 '^Step .* : RUN .*prepare\.py' <<< "$out"
