#!/bin/bash
# secrets.env stays in ~/shop but is in none of shop:1's layers (a file deleted by a later layer is still in the
# earlier one: docker save shows every layer's files).
if [ ! -s ~/shop/secrets.env ]; then
  echo "~/shop/secrets.env is gone. Keep it in the folder (your app needs it), and keep it out of the image."
  exit 1
fi
if ! docker image inspect shop:1 > /dev/null 2>&1; then
  echo "There is no image shop:1: build it from ~/shop."
  exit 1
fi
found=$(docker save shop:1 | tar -xO --wildcards '*/layer.tar' 2> /dev/null | tar -ti 2> /dev/null | grep -E '(^|/)secrets\.env$' | head -n 3)
if [ -n "$found" ]; then
  echo "A layer of shop:1 holds $(head -n 1 <<< "$found"): anyone with the image can read it, even if a later step deleted it."
  exit 1
fi
if ! docker run --rm --network none shop:1 2>&1 | grep -q 'apple 3'; then
  echo "shop:1 holds no secrets.env, but it does not print the prices any more."
  exit 1
fi
echo "No layer of shop:1 holds secrets.env, and the shop still works."
