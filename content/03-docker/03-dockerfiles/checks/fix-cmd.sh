#!/bin/bash
# greet:1 must run greet.py itself as the container's PID 1: the exec form, no shell in between.
if ! docker image inspect greet:1 > /dev/null 2>&1; then
  echo "There is no image greet:1 yet. Fix ~/greet/Dockerfile, then: docker build -t greet:1 ~/greet"
  exit 1
fi
name=check$RANDOM
out=$(timeout 8 docker run --rm --network none greet:1 python3 greet.py "$name" 2>&1)
if [ "$out" != "Hello, $name! (PID 1)" ]; then
  echo "greet:1 does not hold greet.py in its working folder: 'docker run --rm greet:1 python3 greet.py $name' printed: ${out:-(nothing)}"
  exit 1
fi
out=$(timeout 8 docker run --rm --network none greet:1 2>&1)
case "$out" in
  "Hello, world! (PID 1)") echo "greet:1 runs greet.py as PID 1: $out" ;;
  "Hello, world! (PID "*) echo "greet:1 greets, but greet.py is not PID 1 ($out): a shell runs it. Use the exec form: CMD [\"python3\", \"greet.py\"]"; exit 1 ;;
  *) echo "docker run --rm greet:1 printed: ${out:-(nothing)}"; echo "Its CMD is $(docker inspect -f '{{json .Config.Cmd}}' greet:1)"; exit 1 ;;
esac
