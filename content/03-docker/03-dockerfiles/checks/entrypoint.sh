#!/bin/bash
# greet:2: ENTRYPOINT runs greet.py, CMD is the default name, ENV the default greeting; arguments and -e change them.
if ! docker image inspect greet:2 > /dev/null 2>&1; then
  echo "There is no image greet:2 yet."
  exit 1
fi
out=$(timeout 8 docker run --rm --network none greet:2 2>&1)
if [ "$out" != "Welcome, world! (PID 1)" ]; then
  echo "docker run --rm greet:2 should print \"Welcome, world! (PID 1)\", but printed: ${out:-(nothing)}"
  exit 1
fi
name=Name$RANDOM word=Hi$RANDOM
out=$(timeout 8 docker run --rm --network none -e GREETING="$word" greet:2 "$name" 2>&1)
if [ "$out" != "$word, $name! (PID 1)" ]; then
  echo "docker run --rm -e GREETING=$word greet:2 $name should print \"$word, $name! (PID 1)\", but printed: ${out:-(nothing)}"
  exit 1
fi
echo "greet:2 welcomes the world by default, and whoever you name: $out"
