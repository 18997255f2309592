#!/bin/bash
# The end-to-end container: a notebook server from the datasci image named notebook, port 8888 published, and
# ~/project mounted at /work. A file the check writes into ~/project must show through the server's API at once:
# a copy of the folder, or no folder, would not have it.
image=$(docker inspect -f '{{.State.Running}} {{.Config.Image}}' notebook 2>/dev/null)
if [ -z "$image" ]; then
  echo "There is no container named notebook yet."
  exit 1
fi
if [ "${image%% *}" != true ]; then
  echo "notebook is not running: docker logs notebook says why."
  exit 1
fi
case ${image#* } in
  datasci | datasci:*) ;;
  *) echo "notebook runs the image ${image#* }: use datasci."; exit 1 ;;
esac
if ! docker inspect -f '{{range .Mounts}}{{.Source}} {{.Destination}} {{.RW}}{{"\n"}}{{end}}' notebook | grep -qx "$HOME/project /work true"; then
  echo "~/project is not mounted at /work in notebook (writable): the notebook should see and save your own files."
  exit 1
fi
port=$(docker port notebook 8888/tcp 2>/dev/null | head -n 1 | sed 's/.*://')
if [ -z "$port" ]; then
  echo "notebook's port 8888 is not published: add -p 127.0.0.1:8888:8888."
  exit 1
fi
marker=check-$$-$RANDOM.txt
echo "written by the check" > "$HOME/project/$marker"
answer=$(curl -s -m 4 "http://127.0.0.1:$port/api/contents/$marker?content=0")
listing=$(curl -s -m 4 "http://127.0.0.1:$port/api/contents/?content=1")
rm -f "$HOME/project/$marker"
if [ -z "$listing" ]; then
  echo "Nothing answers on port $port yet: the notebook server takes a few seconds to start (docker logs notebook)."
  exit 1
fi
if ! jq -e --arg m "$marker" '.name == $m' <<< "$answer" > /dev/null 2>&1; then
  echo "The notebook server answers on port $port, but does not see a file just written into ~/project: is that folder its working folder?"
  exit 1
fi
if ! jq -e '[.content[].name] | index("train.py")' <<< "$listing" > /dev/null 2>&1; then
  echo "The notebook server's folder has no train.py."
  exit 1
fi
echo "The notebook server in notebook answers on port $port and works in your own ~/project: $(jq -r '[.content[].name] | join(", ")' <<< "$listing")."
