#!/bin/bash
if ! docker image inspect hello:1 > /dev/null 2>&1; then
  echo "There is no image hello:1 yet. Build one with: docker build -t hello:1 ~/hello"
  exit 1
fi
out=$(docker run --rm hello:1 2>&1)
if ! grep -qi hello <<< "$out"; then
  echo "hello:1 exists, but running it printed \"$out\" instead of a greeting. Check its CMD."
  exit 1
fi
echo "hello:1 greets you: $out"
