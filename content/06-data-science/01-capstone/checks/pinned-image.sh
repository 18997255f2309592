#!/bin/bash
# A pinned training image: ~/project/Dockerfile starts FROM datasci by digest; train:1 built from it, and train:2
# rebuilt from scratch (--no-cache: no step of train:1 reused); both run train.py and give the same result.
p=~/project
digest=$(docker image inspect -f '{{range .RepoDigests}}{{.}} {{end}}' datasci 2>/dev/null | tr ' ' '\n' | sed -n 's/.*@//p' | head -n 1)
if [ -z "$digest" ]; then
  echo "The datasci image is not in your engine yet (docker pull datasci)."
  exit 1
fi
from=$(grep -iE '^[[:space:]]*FROM[[:space:]]' "$p/Dockerfile" 2>/dev/null | head -n 1 | awk '{ print $2 }')
if [ -z "$from" ]; then
  echo "There is no ~/project/Dockerfile with a FROM line yet."
  exit 1
fi
if [ "${from#*@}" = "$from" ] || [ "${from%%@*}" != datasci ] || [ "${from#*@}" != "$digest" ]; then
  echo "~/project/Dockerfile starts FROM $from: pin datasci by its digest (docker image inspect -f '{{.RepoDigests}}' datasci)."
  exit 1
fi
base=$(docker image inspect -f '{{index .RootFS.Layers 0}}' datasci)
for t in train:1 train:2; do
  info=$(docker image inspect -f '{{index .RootFS.Layers 0}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}' "$t" 2>/dev/null)
  if [ -z "$info" ]; then
    echo "There is no image $t yet."
    exit 1
  fi
  if [ "${info%% *}" != "$base" ]; then
    echo "$t is not built on datasci."
    exit 1
  fi
  if ! grep -q 'train\.py' <<< "$info" || ! grep -q 'python3' <<< "$info"; then
    echo "$t does not run train.py when it starts: its command is $(cut -d' ' -f2- <<< "$info")."
    exit 1
  fi
done
if [ "$(docker image inspect -f '{{.Id}}' train:1)" = "$(docker image inspect -f '{{.Id}}' train:2)" ]; then
  echo "train:1 and train:2 are one image: rebuild train:2 from the Dockerfile, with --no-cache."
  exit 1
fi
# A cached step keeps its intermediate image: with --no-cache, train:2's steps share none with train:1's.
shared=$(comm -12 <(docker history -q train:1 | grep -v missing | sort -u) <(docker history -q train:2 | grep -v missing | sort -u) | grep -c .)
base_steps=$(docker history -q datasci | grep -v missing | sort -u | grep -c .)
if [ "$shared" -gt "$base_steps" ]; then
  echo "train:2 reused steps of train:1 from the build cache: rebuild it with --no-cache."
  exit 1
fi
out1=$(mktemp) out2=$(mktemp)
docker run --rm train:1 > "$out1" 2>/dev/null & docker run --rm train:2 > "$out2" 2>/dev/null & wait
one=$(jq -S -c . "$out1" 2>/dev/null) two=$(jq -S -c . "$out2" 2>/dev/null)
rm -f "$out1" "$out2"
if [ -z "$one" ] || ! jq -e .predictions_sha256 <<< "$one" > /dev/null 2>&1; then
  echo "docker run --rm train:1 prints no training result."
  exit 1
fi
if [ "$one" != "$two" ]; then
  echo "train:1 and train:2 give different results."
  exit 1
fi
echo "train:1 and train:2, built apart from one pinned base, train to the same result: accuracy $(jq -r .accuracy <<< "$one"), predictions $(jq -r .predictions_sha256 <<< "$one" | cut -c1-12)…"
