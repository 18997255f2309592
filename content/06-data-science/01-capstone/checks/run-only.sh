#!/bin/bash
# The run-only container: train.py edited in the sandbox, run in the datasci image with ~/project bind-mounted, so
# its results land in ~/project. The check runs the current train.py in the image itself and compares.
p=~/project
depth=$(sed -n 's/^MAX_DEPTH *= *\([0-9][0-9]*\).*/\1/p' "$p/train.py" 2>/dev/null | head -n 1)
if [ -z "$depth" ]; then
  echo "~/project/train.py has no line MAX_DEPTH = <number>."
  exit 1
fi
if [ "$depth" = 2 ]; then
  echo "train.py still says MAX_DEPTH = 2: edit it in the sandbox first."
  exit 1
fi
if [ ! -f "$p/results/metrics.json" ]; then
  echo "There is no ~/project/results/metrics.json yet: run train.py in the datasci image, with ~/project mounted at /work."
  exit 1
fi
got=$(jq -S -c . "$p/results/metrics.json" 2>/dev/null)
if [ -z "$got" ]; then
  echo "~/project/results/metrics.json is not JSON: let train.py write it."
  exit 1
fi
if [ "$(jq -r .max_depth <<< "$got")" != "$depth" ]; then
  echo "metrics.json comes from a run with max_depth $(jq -r .max_depth <<< "$got"), but train.py now says $depth: run it again."
  exit 1
fi
if ! docker image inspect datasci > /dev/null 2>&1; then
  echo "The datasci image is not in your engine: train.py has not run in it yet."
  exit 1
fi
# The same code, in the same image, in a throwaway folder: it must give exactly what metrics.json says.
want=$(docker run --rm -i -w /tmp datasci python3 - < "$p/train.py" 2>/dev/null | jq -S -c . 2>/dev/null)
if [ -z "$want" ]; then
  echo "train.py fails in the datasci image: docker run --rm -v \"\$PWD\":/work datasci python3 train.py shows why."
  exit 1
fi
if [ "$got" != "$want" ]; then
  echo "metrics.json is not what train.py gives in the datasci image: let the container write it."
  exit 1
fi
echo "train.py, edited in the sandbox, ran in the datasci image and wrote its results into ~/project: accuracy $(jq -r .accuracy <<< "$got") with max_depth $depth."
